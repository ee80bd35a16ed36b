package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.FigureValue;
import io.tally.domain.analytics.MeterKey;
import java.util.Objects;

/** A figure of a summary: its value in the period, in the period before, and the growth between them in percent. */
public record Figure(MeterKey key, FigureValue value, FigureValue previous, FigureValue growthPct) {

    public Figure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(growthPct, "growthPct");
    }
}
