package io.tally.domain.target;

import java.util.Locale;

/**
 * Where a target stands for the current period, from the projection of the period's value (see {@link TargetProjection}):
 * on track when even the pessimistic end of the 80 % interval meets the target, at risk when the target lies inside
 * the 80 % interval, off track when the whole interval misses it.
 */
public enum TargetStatus {
    ON_TRACK, AT_RISK, OFF_TRACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
