package io.tally.application.port.in;

import io.tally.domain.usage.StoredEvent;

/** A customer's usage history, newest first, a page at a time. */
public interface ListUsageEventsUseCase {

    Page<StoredEvent> listUsageEvents(ListUsageEventsQuery query);
}
