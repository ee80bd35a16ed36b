package io.tally.application.port.in.schedule;

/** Defines a schedule (manager and above); it is armed at once when enabled. */
public interface DefineScheduleUseCase {

    ScheduleView defineSchedule(ScheduleCommand command);
}
