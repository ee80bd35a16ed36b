package io.tally.application.port.in.schedule;

/** Lets a paused schedule fire again, from its next fire time after now. */
public interface ResumeScheduleUseCase {

    ScheduleView resumeSchedule(ScheduleIdCommand command);
}
