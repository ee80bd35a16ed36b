package io.tally.application.port.in.schedule;

import io.tally.application.port.in.Page;

/** The tenant's schedules. */
public interface ListSchedulesUseCase {

    Page<ScheduleView> listSchedules(ListSchedulesQuery query);
}
