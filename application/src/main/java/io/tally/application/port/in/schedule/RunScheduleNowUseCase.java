package io.tally.application.port.in.schedule;

import io.tally.domain.schedule.ScheduleRun;

/** Runs a schedule now, besides its fire times (paused or not). */
public interface RunScheduleNowUseCase {

    ScheduleRun runScheduleNow(ScheduleIdCommand command);
}
