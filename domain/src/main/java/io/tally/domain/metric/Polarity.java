package io.tally.domain.metric;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which way a metric should move: more API calls is good ({@link #HIGHER_IS_BETTER}), more failed
 * transcriptions is bad ({@link #LOWER_IS_BETTER}), storage used is neither ({@link #NEUTRAL}). Reports colour
 * a change by it, so fewer failures show green.
 */
public enum Polarity {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEUTRAL;

    /** How a change should be read. */
    public enum Verdict { GOOD, BAD, NEUTRAL }

    /** The verdict on a change of this sign (growth in percent, or a difference); no change and no value are neutral. */
    public Verdict judge(BigDecimal change) {
        if (change == null || change.signum() == 0 || this == NEUTRAL) {
            return Verdict.NEUTRAL;
        }
        boolean up = change.signum() > 0;
        return up == (this == HIGHER_IS_BETTER) ? Verdict.GOOD : Verdict.BAD;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Polarity fromWireName(String value, String field) {
        for (Polarity polarity : values()) {
            if (polarity.wireName().equals(value)) {
                return polarity;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(values()).map(Polarity::wireName)
                .collect(Collectors.joining(", ")));
    }
}
