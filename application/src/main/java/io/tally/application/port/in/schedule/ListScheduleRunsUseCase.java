package io.tally.application.port.in.schedule;

import io.tally.application.port.in.Page;
import io.tally.domain.schedule.ScheduleRun;

/** A schedule's runs with their files and deliveries, newest first. */
public interface ListScheduleRunsUseCase {

    Page<ScheduleRun> listScheduleRuns(ListScheduleRunsQuery query);
}
