package io.tally.adapter.in.web.customer;

import io.tally.adapter.in.web.Cursors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.application.port.in.ListUsageEventsQuery;
import io.tally.application.port.in.ListUsageEventsUseCase;
import io.tally.application.port.in.Page;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Rfc3339;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.StoredEvent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.Optional;

@Tag(name = "Usage events")
@Controller("/api/v1/customers/{externalId}/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class UsageHistoryController {

    private final ListUsageEventsUseCase listUsageEvents;

    UsageHistoryController(ListUsageEventsUseCase listUsageEvents) {
        this.listUsageEvents = listUsageEvents;
    }

    /**
     * A customer's usage events, newest first: what Tally stored, with each event's data. Customer-scoped
     * tokens see their own customers only.
     *
     * @param externalId the customer's external id
     * @param type only events of this type (for example {@code call})
     * @param from only events at or after this instant (RFC 3339)
     * @param to only events before this instant (RFC 3339)
     * @param limit page size, 1 to 500 (default 100)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of events
     */
    @Get
    @Secured(SecurityRoles.VIEWER)
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    UsageEventPage listUsageEvents(@Parameter(hidden = true) Actor actor,
                                   @PathVariable @ExternalCustomerId String externalId,
                                   @QueryValue @Nullable String type,
                                   @QueryValue @Nullable String from,
                                   @QueryValue @Nullable String to,
                                   @QueryValue(defaultValue = "100") @Min(1) @Max(ListUsageEventsQuery.MAX_LIMIT) int limit,
                                   @QueryValue @Nullable String cursor) {
        Optional<EventType> eventType;
        try {
            eventType = Optional.ofNullable(type).map(EventType::of);
        } catch (InvalidValueException e) {
            throw e.forField("type");
        }
        Page<StoredEvent> page = listUsageEvents.listUsageEvents(new ListUsageEventsQuery(actor, CustomerId.of(externalId),
                eventType, instant("from", from), instant("to", to), Cursors.decodeEventCursor(cursor), limit));
        return new UsageEventPage(page.items().stream().map(UsageEventResponse::of).toList(),
                page.continueAfter().map(last -> Cursors.encode(last.cursor())).orElse(null));
    }

    private static Optional<Instant> instant(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Instant instant = Rfc3339.parse(text);
        if (instant == null) {
            throw new InvalidValueException(field, "must be an RFC 3339 date-time with an offset, such as 2026-03-01T09:00:00Z");
        }
        return Optional.of(instant);
    }
}
