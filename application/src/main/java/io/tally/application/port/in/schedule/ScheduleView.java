package io.tally.application.port.in.schedule;

import io.tally.domain.schedule.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A schedule and its next fire times (none while it is paused). */
public record ScheduleView(Schedule schedule, List<Instant> nextRuns) {

    /** How many fire times a schedule shows. */
    public static final int NEXT_RUNS = 5;

    public ScheduleView {
        Objects.requireNonNull(schedule, "schedule");
        nextRuns = List.copyOf(nextRuns);
    }
}
