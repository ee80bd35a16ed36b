package io.tally.adapter.out.export.presentation;

import io.tally.domain.metric.Polarity;
import io.tally.domain.report.Cell;
import io.tally.domain.report.KeyFigure;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a key figure's change reads, the same in a PDF and an HTML page: "▲ 12.5 %" or "▼ 3.2 %", good news or bad by
 * the figure's polarity (fewer failures is good news), neither for a neutral figure; "– 0 %", or "new" / "n/a" without a
 * growth figure.
 *
 * @param verdict whether the change is good news, bad news or neither, which the renderers colour green, red or grey
 */
public record Trend(String text, Polarity.Verdict verdict) {

    public Trend {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The trend of a compared figure. */
    public static Trend of(KeyFigure figure, Formats formats) {
        if (figure.growthPct().isPresent()) {
            BigDecimal growth = figure.growthPct().get();
            String amount = formats.growth(growth);
            if ("0 %".equals(amount)) {
                return new Trend("– 0 %", Polarity.Verdict.NEUTRAL);
            }
            return new Trend((growth.signum() > 0 ? "▲ " : "▼ ") + amount, figure.verdict());
        }
        boolean wasZero = figure.previous().map(Trend::isZero).orElse(false);
        boolean isZero = isZero(figure.value()) || figure.value() instanceof Cell.Empty;
        return wasZero && !isZero ? new Trend("new", figure.polarity().judge(BigDecimal.ONE)) : new Trend("n/a", Polarity.Verdict.NEUTRAL);
    }

    private static boolean isZero(Cell cell) {
        return switch (cell) {
            case Cell.Number number -> number.value().signum() == 0;
            case Cell.Amount amount -> amount.value().amount().signum() == 0;
            default -> false;
        };
    }
}
