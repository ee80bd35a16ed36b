package io.tally.domain.analytics;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A figure's value: one number (null when there is none), or a breakdown by a dimension's values. */
public sealed interface FigureValue {

    record Scalar(BigDecimal value) implements FigureValue {
    }

    /** Values per dimension value, in display order. */
    record Breakdown(Map<String, BigDecimal> values) implements FigureValue {

        public Breakdown {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }
}
