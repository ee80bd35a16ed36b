package io.tally.application.port.in.schedule;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.schedule.ScheduleTiming;
import java.util.Objects;

/** The next fire times a cron in a timezone would have, before any schedule is saved with it. */
public record PreviewScheduleRunsQuery(Actor actor, ScheduleTiming timing, int count) {

    public static final int MAX_COUNT = 20;

    public PreviewScheduleRunsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(timing, "timing");
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidValueException("count", "must be 1 to " + MAX_COUNT + ", was " + count);
        }
    }
}
