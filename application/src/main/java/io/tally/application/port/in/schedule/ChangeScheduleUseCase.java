package io.tally.application.port.in.schedule;

/** Replaces a schedule's definition (a new version) and re-arms it. */
public interface ChangeScheduleUseCase {

    ScheduleView changeSchedule(ChangeScheduleCommand command);
}
