package io.tally.application.port.in.schedule;

/** One schedule and its next fire times. */
public interface GetScheduleUseCase {

    ScheduleView getSchedule(ScheduleIdQuery query);
}
