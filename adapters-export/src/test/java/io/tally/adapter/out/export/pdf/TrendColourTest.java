package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.Palette;

import io.tally.adapter.out.export.presentation.Formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.metric.Polarity;
import io.tally.domain.report.Cell;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.ValueType;
import java.math.BigDecimal;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A key figure's change is coloured by what is good news for it, not by its direction. */
class TrendColourTest {

    private final Formats formats = new Formats(ZoneId.of("UTC"));

    static KeyFigure figure(int now, int before, String growth, Polarity polarity) {
        return KeyFigure.compared("Failed transcriptions", ValueType.COUNT, Cell.number(now), Cell.number(before),
                growth == null ? null : new BigDecimal(growth), polarity);
    }

    @Test
    void fewerFailuresAreGreenAndMoreAreRed() {
        assertThat(ReportPainter.trend(figure(8, 10, "-20.00", Polarity.LOWER_IS_BETTER), formats))
                .isEqualTo(new ReportPainter.Trend("▼ 20.0 %", Palette.UP));
        assertThat(ReportPainter.trend(figure(8, 1, "700.00", Polarity.LOWER_IS_BETTER), formats))
                .isEqualTo(new ReportPainter.Trend("▲ 700.0 %", Palette.DOWN));
    }

    @Test
    void moreOfAGoodThingIsGreenAndANeutralChangeIsGrey() {
        assertThat(ReportPainter.trend(figure(12, 10, "20.00", Polarity.HIGHER_IS_BETTER), formats).colour()).isEqualTo(Palette.UP);
        assertThat(ReportPainter.trend(figure(8, 10, "-20.00", Polarity.HIGHER_IS_BETTER), formats).colour()).isEqualTo(Palette.DOWN);
        assertThat(ReportPainter.trend(figure(12, 10, "20.00", Polarity.NEUTRAL), formats).colour()).isEqualTo(Palette.MUTED);
    }

    @Test
    void somethingNewIsGoodOrBadNewsByPolarityToo() {
        assertThat(ReportPainter.trend(figure(3, 0, null, Polarity.LOWER_IS_BETTER), formats))
                .isEqualTo(new ReportPainter.Trend("new", Palette.DOWN));
        assertThat(ReportPainter.trend(figure(3, 0, null, Polarity.HIGHER_IS_BETTER), formats))
                .isEqualTo(new ReportPainter.Trend("new", Palette.UP));
    }
}
