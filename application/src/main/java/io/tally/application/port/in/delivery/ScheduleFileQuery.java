package io.tally.application.port.in.delivery;

import io.tally.domain.access.Actor;
import io.tally.domain.report.ExportFormat;
import java.util.Objects;
import java.util.UUID;

/** A run's file in a format, for a signed-in caller. */
public record ScheduleFileQuery(Actor actor, UUID schedule, UUID run, ExportFormat format) {

    public ScheduleFileQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(format, "format");
    }
}
