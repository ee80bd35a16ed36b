package io.tally.application.port.in.billing;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;

/** The tenant's MRR month by month: the current month and the {@code months - 1} before it. */
public record MrrSeriesQuery(Actor actor, int months) {

    public static final int DEFAULT_MONTHS = 12;
    public static final int MAX_MONTHS = 36;

    public MrrSeriesQuery {
        Objects.requireNonNull(actor, "actor");
        if (months < 1 || months > MAX_MONTHS) {
            throw new InvalidValueException("months", "must be between 1 and " + MAX_MONTHS);
        }
    }
}
