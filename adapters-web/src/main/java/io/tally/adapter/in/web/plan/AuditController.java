package io.tally.adapter.in.web.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.reset.AuditLogQuery;
import io.tally.application.port.in.reset.ReadAuditLogUseCase;
import io.tally.application.port.out.AuditQueryPort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Rfc3339;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Tag(name = "Admin: audit log")
@Controller("/api/v1/admin/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ADMIN)
@ProblemResponses.Secured
class AuditController {

    private final ReadAuditLogUseCase audit;

    AuditController(ReadAuditLogUseCase audit) {
        this.audit = audit;
    }

    /**
     * The tenant's audit log, newest first (admin): who did what, when, with the details and the request id.
     * Entries cannot be changed or deleted through the application.
     *
     * @param action only entries of this action (for example {@code usage.reset})
     * @param actor only entries by this actor (the token's subject)
     * @param from only entries at or after this instant (RFC 3339)
     * @param to only entries before this instant (RFC 3339)
     * @param limit page size, 1 to 500 (default 100)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of entries
     */
    @Get
    @ProblemResponses.BadRequest
    AuditPage readAuditLog(@Parameter(hidden = true) Actor actor, @QueryValue @Nullable String action, @QueryValue("actor") @Nullable String actorName,
                           @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                           @QueryValue(defaultValue = "100") @Min(1) @Max(AuditLogQuery.MAX_LIMIT) int limit, @QueryValue @Nullable String cursor) {
        Optional<Long> before = Optional.empty();
        if (cursor != null) {
            try {
                before = Optional.of(Long.parseLong(cursor));
            } catch (NumberFormatException e) {
                throw new InvalidValueException("cursor", "is not a cursor from this API");
            }
        }
        Page<AuditQueryPort.Sequenced> page = audit.readAuditLog(new AuditLogQuery(actor, Optional.ofNullable(action), Optional.ofNullable(actorName),
                instant("from", from), instant("to", to), before, limit));
        return new AuditPage(page.items().stream().map(AuditItem::of).toList(),
                page.continueAfter().map(last -> Long.toString(last.sequence())).orElse(null));
    }

    private static Optional<Instant> instant(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Instant instant = Rfc3339.parse(text);
        if (instant == null) {
            throw new InvalidValueException(field, "must be an RFC 3339 date-time with an offset, such as 2026-11-20T00:00:00Z");
        }
        return Optional.of(instant);
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AuditPage(List<AuditItem> items, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record AuditItem(long sequence, Instant occurredAt, String actor, String action, String target, Map<String, Object> details, String requestId) {

        static AuditItem of(AuditQueryPort.Sequenced item) {
            return new AuditItem(item.sequence(), item.entry().occurredAt(), item.entry().actor(), item.entry().action(), item.entry().target(),
                    item.entry().details(), item.entry().requestId());
        }
    }
}
