package io.tally.adapter.in.web.plan;

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
import io.tally.application.port.in.reset.GetUsageResetUseCase;
import io.tally.application.port.in.reset.ListUsageResetsQuery;
import io.tally.application.port.in.reset.ListUsageResetsUseCase;
import io.tally.application.port.in.reset.ResetUsageCommand;
import io.tally.application.port.in.reset.ResetUsageUseCase;
import io.tally.application.port.in.reset.RevertUsageResetCommand;
import io.tally.application.port.in.reset.RevertUsageResetUseCase;
import io.tally.application.port.in.reset.UsageResetQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetType;
import io.tally.domain.plan.UsageReset;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Tag(name = "Admin: usage resets")
@Controller("/api/v1/admin/usage-resets")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRoles.ADMIN)
@ProblemResponses.Secured
class UsageResetController {

    private final ResetUsageUseCase reset;
    private final GetUsageResetUseCase get;
    private final ListUsageResetsUseCase list;
    private final RevertUsageResetUseCase revert;

    UsageResetController(ResetUsageUseCase reset, GetUsageResetUseCase get, ListUsageResetsUseCase list, RevertUsageResetUseCase revert) {
        this.reset = reset;
        this.get = get;
        this.list = list;
        this.revert = revert;
    }

    /**
     * Resets the counted usage of many customers at once (admin). Needs an {@code Idempotency-Key} header: the
     * same key with the same body answers the first result again and resets nothing; with another body, 422.
     * {@code customer_ids} (up to 10,000) or {@code plan}; {@code meters} (default: every limited meter);
     * {@code reset_type} {@code usage} (counted usage restarts now, the period keeps its window) or
     * {@code period} (a new period starts now); {@code reason}; {@code dry_run}. Unknown ids are reported as
     * {@code not_found} and never fail the request. Events are never deleted; the reset is audited, in the same
     * transaction.
     *
     * @param idempotencyKey a key of the caller's choosing, unique per intended reset
     * @param body the reset
     * @return the reset and the outcome per customer
     */
    @Post
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    @ProblemResponses.Unprocessable
    ResetResponse resetUsage(@Parameter(hidden = true) Actor actor, @Header("Idempotency-Key") @Nullable String idempotencyKey,
                             @Body ResetRequest body) {
        String key = BulkRequests.idempotencyKey(idempotencyKey);
        if (body.resetType() == null) {
            throw new InvalidValueException("reset_type", "is required: usage or period");
        }
        if (body.reason() == null) {
            throw new InvalidValueException("reason", "is required");
        }
        Optional<List<CustomerId>> customers = BulkRequests.customerIds(body.customerIds());
        Optional<List<MeterKey>> meters = Optional.empty();
        if (body.meters() != null) {
            List<MeterKey> keys = new ArrayList<>();
            for (int i = 0; i < body.meters().size(); i++) {
                try {
                    keys.add(MeterKey.of(body.meters().get(i)));
                } catch (InvalidValueException | NullPointerException e) {
                    throw new InvalidValueException("meters[" + i + "]", "is not a meter key");
                }
            }
            meters = Optional.of(keys);
        }
        BulkResult<UsageReset> result = reset.resetUsage(new ResetUsageCommand(actor, key, hash(body), customers,
                Optional.ofNullable(body.plan()), meters, ResetType.fromWireName(body.resetType(), "reset_type"), body.reason(),
                body.dryRun() != null && body.dryRun()));
        return ResetResponse.of(result);
    }

    /**
     * The tenant's usage resets, newest first (admin).
     *
     * @param limit page size, 1 to 200 (default 50)
     * @param cursor the {@code next_cursor} of the previous page
     * @return one page of resets
     */
    @Get
    @ProblemResponses.BadRequest
    ResetPage listUsageResets(@Parameter(hidden = true) Actor actor, @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                              @QueryValue @Nullable String cursor) {
        Page<UsageReset> page = list.listUsageResets(new ListUsageResetsQuery(actor, Optional.ofNullable(cursor).map(c -> uuid(c, "cursor")), limit));
        return new ResetPage(page.items().stream().map(ResetSummary::of).toList(),
                page.continueAfter().map(last -> last.run().id().toString()).orElse(null));
    }

    /**
     * One reset with its outcome per customer (admin).
     *
     * @param id the reset's id
     * @return the reset
     */
    @Get("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    ResetResponse getUsageReset(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ResetResponse.of(get.getUsageReset(new UsageResetQuery(actor, uuid(id, "id"))));
    }

    /**
     * Reverts a reset (admin): usage counts as if it never happened. Reverting again changes nothing. Audited.
     *
     * @param id the reset's id
     * @return the reset, with {@code reverted_at}
     */
    @Delete("/{id}")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    ResetSummary revertUsageReset(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return ResetSummary.of(revert.revertUsageReset(new RevertUsageResetCommand(actor, uuid(id, "id"))));
    }

    private static UUID uuid(String text, String field) {
        return BulkRequests.id(text, field, "reset");
    }

    /** SHA-256 of the request's content in a fixed form, so that the same request always hashes the same. */
    static String hash(ResetRequest body) {
        return BulkRequests.hash(List.of(BulkRequests.Field.list("customer_ids", body.customerIds()), BulkRequests.Field.of("plan", body.plan()),
                BulkRequests.Field.list("meters", body.meters()), BulkRequests.Field.of("reset_type", body.resetType()),
                BulkRequests.Field.of("reason", body.reason()), BulkRequests.Field.of("dry_run", body.dryRun() != null && body.dryRun())));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ResetRequest(@Nullable List<String> customerIds, @Nullable String plan, @Nullable List<String> meters, @Nullable String resetType,
                        @Nullable String reason, @Nullable Boolean dryRun) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ResetResponse(@Nullable String id, boolean dryRun, boolean replayed, @Nullable @Schema(type = "object") ResetSummary reset, Counts counts,
                         List<CustomerOutcome> customers) {

        static ResetResponse of(BulkResult<UsageReset> result) {
            return new ResetResponse(result.run().map(r -> r.run().id().toString()).orElse(null), result.dryRun(), result.replayed(),
                    result.run().map(ResetSummary::of).orElse(null), Counts.of(result.counts()),
                    result.outcomes().stream().map(o -> CustomerOutcome.of(o, "reset")).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Counts(int reset, int notFound, int skipped) {
        static Counts of(BulkCounts counts) {
            return new Counts(counts.applied(), counts.notFound(), counts.skipped());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ResetSummary(String id, String resetType, List<String> meters, String reason, String scope, String actor, String requestId,
                        Instant createdAt, Counts counts, @Nullable Instant revertedAt, @Nullable String revertedBy) {

        static ResetSummary of(UsageReset reset) {
            BulkRun run = reset.run();
            return new ResetSummary(run.id().toString(), reset.type().wireName(), reset.meters().stream().map(MeterKey::value).toList(),
                    run.reason(), run.scope(), run.actor(), run.requestId(), run.createdAt(), Counts.of(run.counts()),
                    run.revertedAt().orElse(null), run.revertedBy().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ResetPage(List<ResetSummary> items, @Nullable String nextCursor) {
    }
}
