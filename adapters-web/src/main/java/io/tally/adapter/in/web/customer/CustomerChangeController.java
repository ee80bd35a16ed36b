package io.tally.adapter.in.web.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.adapter.in.web.BulkRequests;
import io.tally.adapter.in.web.CustomerOutcome;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.bulk.BulkResult;
import io.tally.application.port.in.bulk.ChangeCustomersCommand;
import io.tally.application.port.in.bulk.ChangeCustomersUseCase;
import io.tally.application.port.in.bulk.CustomerChangeQuery;
import io.tally.application.port.in.bulk.CustomerChangeRevert;
import io.tally.application.port.in.bulk.GetCustomerChangeUseCase;
import io.tally.application.port.in.bulk.ListCustomerChangesQuery;
import io.tally.application.port.in.bulk.ListCustomerChangesUseCase;
import io.tally.application.port.in.bulk.RevertCustomerChangeCommand;
import io.tally.application.port.in.bulk.RevertCustomerChangeUseCase;
import io.tally.domain.access.Actor;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerChange;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Tag(name = "Admin: customer changes")
@Controller("/api/v1/admin/customer-changes")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ADMIN)
@ProblemResponses.Secured
class CustomerChangeController {

    private static final String CHANGED = "changed";

    private final ChangeCustomersUseCase change;
    private final GetCustomerChangeUseCase get;
    private final ListCustomerChangesUseCase list;
    private final RevertCustomerChangeUseCase revert;

    CustomerChangeController(ChangeCustomersUseCase change, GetCustomerChangeUseCase get, ListCustomerChangesUseCase list,
                             RevertCustomerChangeUseCase revert) {
        this.change = change;
        this.get = get;
        this.list = list;
        this.revert = revert;
    }

    /**
     * Changes the plan, the status or both of many customers at once (admin). Needs an {@code Idempotency-Key}
     * header: the same key with the same body answers the first result again and changes nothing; with another body,
     * 422. {@code customer_ids} (up to 10,000) or {@code plan} (every customer on it); {@code set} with {@code plan}
     * (a plan of the tenant) and/or {@code status} ({@code active}, {@code suspended}, {@code closed}); {@code reason};
     * {@code dry_run}. Each customer is {@code changed}, {@code not_found} or {@code skipped} (already on what is set,
     * or erased), and unknown ids never fail the request. Set-based, audited in the same transaction, revertible.
     *
     * @param idempotencyKey a key of the caller's choosing, unique per intended change
     * @param body the change
     * @return the change and the outcome per customer
     */
    @Post
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    @ProblemResponses.Unprocessable
    ChangeResponse changeCustomers(@Parameter(hidden = true) Actor actor, @Header("Idempotency-Key") @Nullable String idempotencyKey,
                                   @Body ChangeRequest body) {
        String key = BulkRequests.idempotencyKey(idempotencyKey);
        if (body.reason() == null) {
            throw new InvalidValueException("reason", "is required");
        }
        SetRequest set = body.set() == null ? new SetRequest(null, null) : body.set();
        Optional<CustomerStatus> status = Optional.empty();
        if (set.status() != null) {
            try {
                status = Optional.of(CustomerStatus.fromWireName(set.status()));
            } catch (InvalidValueException e) {
                throw e.forField("set.status");
            }
        }
        BulkResult<CustomerChange> result = change.changeCustomers(new ChangeCustomersCommand(actor, key, hash(body, set),
                BulkRequests.customerIds(body.customerIds()), Optional.ofNullable(body.plan()), Optional.ofNullable(set.plan()), status,
                body.reason(), body.dryRun() != null && body.dryRun()));
        return ChangeResponse.of(result);
    }

    /**
     * The tenant's customer changes, newest first (admin).
     *
     * @param limit page size, 1 to 200 (default 50)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of changes
     */
    @Get
    @ProblemResponses.BadRequest
    ChangePage listCustomerChanges(@Parameter(hidden = true) Actor actor,
                                   @QueryValue(defaultValue = "50") @Min(1) @Max(ListCustomerChangesQuery.MAX_LIMIT) int limit,
                                   @QueryValue @Nullable String cursor) {
        Page<CustomerChange> page = list.listCustomerChanges(new ListCustomerChangesQuery(actor,
                Optional.ofNullable(cursor).map(c -> uuid(c, "cursor")), limit));
        return new ChangePage(page.items().stream().map(ChangeSummary::of).toList(),
                page.continueAfter().map(last -> last.run().id().toString()).orElse(null));
    }

    /**
     * One customer change with its outcome per customer (admin).
     *
     * @param id the change's id
     * @return the change
     */
    @Get("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    ChangeResponse getCustomerChange(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ChangeResponse.of(get.getCustomerChange(new CustomerChangeQuery(actor, uuid(id, "id"))));
    }

    /**
     * Reverts a customer change (admin): each customer it changed gets its plan and status from before it again,
     * unless the customer changed again since or was erased; those are kept as they are and listed with why. Once:
     * reverting again is refused (409). Audited.
     *
     * @param id the change's id
     * @return the change, with {@code reverted_at} and what the revert did, and the customers kept
     */
    @Delete("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    RevertResponse revertCustomerChange(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        CustomerChangeRevert reverted = revert.revertCustomerChange(new RevertCustomerChangeCommand(actor, uuid(id, "id")));
        return new RevertResponse(ChangeSummary.of(reverted.change()),
                reverted.kept().stream().map(outcome -> CustomerOutcome.of(outcome, CHANGED)).toList());
    }

    private static UUID uuid(String text, String field) {
        return BulkRequests.id(text, field, "customer change");
    }

    /** SHA-256 of the request's content in a fixed form, so that the same request always hashes the same. */
    static String hash(ChangeRequest body, SetRequest set) {
        return BulkRequests.hash(List.of(BulkRequests.Field.list("customer_ids", body.customerIds()), BulkRequests.Field.of("plan", body.plan()),
                BulkRequests.Field.of("set.plan", set.plan()), BulkRequests.Field.of("set.status", set.status()),
                BulkRequests.Field.of("reason", body.reason()), BulkRequests.Field.of("dry_run", body.dryRun() != null && body.dryRun())));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChangeRequest(@Nullable List<String> customerIds, @Nullable String plan, @Nullable @Schema(type = "object") SetRequest set, @Nullable String reason,
                         @Nullable Boolean dryRun) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record SetRequest(@Nullable String plan, @Nullable String status) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChangeResponse(@Nullable String id, boolean dryRun, boolean replayed, @Nullable @Schema(type = "object") ChangeSummary change, ChangeCounts counts,
                          List<CustomerOutcome> customers) {

        static ChangeResponse of(BulkResult<CustomerChange> result) {
            return new ChangeResponse(result.run().map(c -> c.run().id().toString()).orElse(null), result.dryRun(), result.replayed(),
                    result.run().map(ChangeSummary::of).orElse(null), ChangeCounts.of(result.counts()),
                    result.outcomes().stream().map(outcome -> CustomerOutcome.of(outcome, CHANGED)).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChangeCounts(int changed, int notFound, int skipped) {
        static ChangeCounts of(BulkCounts counts) {
            return new ChangeCounts(counts.applied(), counts.notFound(), counts.skipped());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChangeSet(@Nullable String plan, @Nullable String status) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChangeRestoration(int restored, int kept) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChangeSummary(String id, ChangeSet set, String reason, String scope, String actor, String requestId, Instant createdAt,
                         ChangeCounts counts, @Nullable Instant revertedAt, @Nullable String revertedBy, @Nullable @Schema(type = "object") ChangeRestoration revert) {

        static ChangeSummary of(CustomerChange change) {
            BulkRun run = change.run();
            return new ChangeSummary(run.id().toString(), new ChangeSet(change.plan().orElse(null), change.status().map(CustomerStatus::wireName)
                    .orElse(null)), run.reason(), run.scope(), run.actor(), run.requestId(), run.createdAt(), ChangeCounts.of(run.counts()),
                    run.revertedAt().orElse(null), run.revertedBy().orElse(null),
                    change.restoration().map(r -> new ChangeRestoration(r.restored(), r.kept())).orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RevertResponse(ChangeSummary change, List<CustomerOutcome> kept) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChangePage(List<ChangeSummary> items, @Nullable String nextCursor) {
    }
}
