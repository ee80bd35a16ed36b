package io.tally.application.port.in.schedule;

import java.time.Instant;
import java.util.List;

/** A schedule's next fire times shown while it is being written: the same computation a saved schedule's {@code next_runs} use. */
public interface PreviewScheduleRunsUseCase {

    List<Instant> previewScheduleRuns(PreviewScheduleRunsQuery query);
}
