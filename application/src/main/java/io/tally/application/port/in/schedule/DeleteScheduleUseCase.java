package io.tally.application.port.in.schedule;

/** Deletes a schedule, its runs and their files. */
public interface DeleteScheduleUseCase {

    void deleteSchedule(ScheduleIdCommand command);
}
