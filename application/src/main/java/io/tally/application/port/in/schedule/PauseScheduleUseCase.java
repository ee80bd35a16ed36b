package io.tally.application.port.in.schedule;

/** Stops a schedule firing until it is resumed. */
public interface PauseScheduleUseCase {

    ScheduleView pauseSchedule(ScheduleIdCommand command);
}
