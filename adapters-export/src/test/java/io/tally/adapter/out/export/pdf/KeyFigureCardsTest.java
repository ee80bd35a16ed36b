package io.tally.adapter.out.export.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyFigureCardsTest {

    @Test
    void putsThreeOrFourKeyFiguresInARow() {
        assertThat(ReportPainter.cardsPerRow(1)).isEqualTo(3);
        assertThat(ReportPainter.cardsPerRow(3)).isEqualTo(3);
        assertThat(ReportPainter.cardsPerRow(4)).isEqualTo(4);
        assertThat(ReportPainter.cardsPerRow(5)).isEqualTo(3);
        assertThat(ReportPainter.cardsPerRow(7)).isEqualTo(4);
        assertThat(ReportPainter.cardsPerRow(8)).isEqualTo(4);
        assertThat(ReportPainter.cardsPerRow(9)).isEqualTo(3);
    }
}
