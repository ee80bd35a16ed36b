package io.tally.application.service.bulk;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.bulk.BulkResult;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.bulk.BulkRunStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.Text;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every admin bulk action over customers does alike (usage resets, customer changes), so that each kind only
 * says what it does to a customer:
 *
 * <ul>
 *   <li><b>who</b>: admins and owners, with a token not limited to customers;
 *   <li><b>the request</b>: an {@code Idempotency-Key}, a reason, and the customers, by id (at most 10,000) or by plan;
 *   <li><b>a run</b>, in one transaction: the same key with the same request answers the first result again
 *       (replayed) and applies nothing; with another request it is refused (422). Otherwise the record is stored under
 *       the key first (a concurrent request with the same key waits for this one's transaction, then replays it), the
 *       action is applied set-based, its per-customer result recorded, and one audit entry written with the counts;
 *       a failed audit write leaves nothing behind. A dry run classifies the customers the same way and stores
 *       nothing, so its key stays unused;
 *   <li><b>lookups</b>: one record by id with its result; the records newest first, a page at a time;
 *   <li><b>a revert</b>: marked once (a concurrent second one waits, then finds it marked), its effects undone by the
 *       kind, audited in the same transaction.
 * </ul>
 *
 * @param <R> the kind's record: {@code UsageReset}, {@code CustomerChange}
 */
public final class BulkActions<R> {

    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 200;

    /**
     * One kind of bulk action: its name in messages ("usage reset"), its audit action ("usage.reset"; a revert's is
     * that plus ".reverted") and target prefix ("usage-reset"), the names in its audit details of its id
     * ("reset_id") and of the count of customers it applied to ("reset"), and how to read and replace the run in its
     * record.
     */
    public record Kind<R>(String noun, String action, String target, String idDetail, String appliedDetail, Function<R, BulkRun> run,
                          BiFunction<R, BulkRun, R> withRun) {

        public Kind {
            Objects.requireNonNull(noun, "noun");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(idDetail, "idDetail");
            Objects.requireNonNull(appliedDetail, "appliedDetail");
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(withRun, "withRun");
        }
    }

    /** What one request of a kind does, inside the run's transaction. */
    public interface Work<R> {

        /** The record of this run, before it is applied; runs after the replay check, and may refuse the request. */
        R prepare(BulkRun run);

        /** Classifies the selected customers and, unless {@code dryRun}, applies the action to them; set-based. */
        List<BulkOutcome> apply(R prepared, boolean dryRun);

        /** What the audit entry holds besides the id, reason, scope, counts and key. */
        Map<String, Object> details(R applied);

        /** Called last in the transaction of a run that applied (not a dry run nor a replay). */
        default void applied(R applied) {
        }
    }

    /** How a kind undoes a record's effects, and what a revert answers. */
    public interface Undo<R, T> {

        /** Undoes the record's effects once it is marked reverted (at {@code at}); what the revert answers. */
        T undo(R record, Instant at);

        /** What a revert of a record reverted already answers (or the refusal it throws). */
        T again(R record);

        /** What the revert's audit entry holds besides the id, the count applied and the reason. */
        Map<String, Object> details(R record, T result);
    }

    private final BulkRunStorePort<R> store;
    private final Kind<R> kind;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Consumer<TenantId> tenants;
    private final Supplier<UUID> ids;
    private final Clock clock;

    /** {@code tenants} makes sure the caller's tenant exists (it is created on first use). */
    public BulkActions(BulkRunStorePort<R> store, Kind<R> kind, AuditLogPort audit, TransactionPort transactions, Consumer<TenantId> tenants,
                       Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Admins and owners, with a token not limited to some customers. */
    public static void requireAdmin(Actor actor) {
        boolean admin = actor.kind() == Actor.Kind.USER && actor.roles().stream().anyMatch(role -> role.includes(Role.ADMIN));
        if (!admin || actor.customers().isRestricted()) {
            throw new ForbiddenException("bulk actions on customers (usage resets, customer changes) and the audit log need the admin role"
                    + " and a token not limited to customers");
        }
    }

    public static void requireIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > IDEMPOTENCY_KEY_MAX_LENGTH || Text.characterProblem(key) != null) {
            throw new InvalidValueException("Idempotency-Key", "must be 1 to " + IDEMPOTENCY_KEY_MAX_LENGTH + " characters without control characters");
        }
    }

    /** Either ids, 1 to 10,000 of them before duplicates are dropped, or a plan. */
    public static CustomerSelection selection(Optional<List<CustomerId>> customers, Optional<String> plan) {
        if (customers.isPresent() == plan.isPresent()) {
            throw new InvalidValueException("customer_ids", "give either customer_ids or plan");
        }
        if (customers.isPresent()) {
            if (customers.get().isEmpty() || customers.get().size() > CustomerSelection.MAX_IDS) {
                throw new InvalidValueException("customer_ids", "must list 1 to " + CustomerSelection.MAX_IDS + " customers");
            }
            return new CustomerSelection.Ids(customers.get());
        }
        return new CustomerSelection.OnPlan(plan.get());
    }

    public static void requireReason(String reason) {
        String problem = Text.labelProblem(reason, BulkRun.REASON_MAX_LENGTH);
        if (problem != null) {
            throw new InvalidValueException("reason", problem);
        }
    }

    /** Runs a request (checked already: the caller's role, the key, the customers, the reason) as the class comment says. */
    public BulkResult<R> run(Actor actor, String key, String requestHash, CustomerSelection customers, String reason, boolean dryRun, Work<R> work) {
        tenants.accept(actor.tenant());
        return transactions.inTransaction(() -> {
            Optional<BulkResult<R>> replay = replay(actor.tenant(), key, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = clock.instant();
            BulkRun run = BulkRun.started(ids.get(), reason, actor.subject(), actor.requestId(), customers.scope(), now);
            R prepared = work.prepare(run);
            if (dryRun) {
                List<BulkOutcome> outcomes = work.apply(prepared, true);
                return new BulkResult<>(Optional.empty(), true, false, BulkCounts.of(outcomes), outcomes);
            }
            if (!store.insert(actor.tenant(), prepared, key, requestHash)) {
                // a concurrent request with the same key committed first: answer as its replay
                return replay(actor.tenant(), key, requestHash).orElseThrow();
            }
            List<BulkOutcome> outcomes = work.apply(prepared, false);
            store.complete(actor.tenant(), run.id(), outcomes);
            BulkCounts counts = BulkCounts.of(outcomes);
            R applied = kind.withRun().apply(prepared, run.withCounts(counts));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(kind.idDetail(), run.id().toString());
            details.putAll(work.details(applied));
            details.put("reason", reason);
            details.put("scope", run.scope());
            details.put(kind.appliedDetail(), counts.applied());
            details.put("not_found", counts.notFound());
            details.put("skipped", counts.skipped());
            details.put("idempotency_key", key);
            audit.append(AuditEntry.of(actor, now, kind.action(), kind.target() + ":" + run.id(), details));
            work.applied(applied);
            return new BulkResult<>(Optional.of(applied), false, false, counts, outcomes);
        });
    }

    /** One record with its per-customer result. */
    public BulkResult<R> get(Actor actor, UUID id) {
        requireAdmin(actor);
        tenants.accept(actor.tenant());
        R found = store.find(actor.tenant(), id).orElseThrow(() -> new NotFoundException(kind.noun(), id.toString()));
        return new BulkResult<>(Optional.of(found), false, false, kind.run().apply(found).counts(), store.outcomes(actor.tenant(), id));
    }

    /** The records newest first, after the cursor, at most {@code limit} (1 to {@code maxLimit}). */
    public Page<R> list(Actor actor, Optional<UUID> after, int limit, int maxLimit) {
        requireAdmin(actor);
        if (limit < 1 || limit > maxLimit) {
            throw new InvalidValueException("limit", "must be between 1 and " + maxLimit);
        }
        tenants.accept(actor.tenant());
        return Page.fromLookahead(store.list(actor.tenant(), after, limit + 1), limit);
    }

    /** Reverts a record in one transaction with its audit entry; a record reverted already is answered by {@link Undo#again}. */
    public <T> T revert(Actor actor, UUID id, Undo<R, T> undo) {
        requireAdmin(actor);
        tenants.accept(actor.tenant());
        return transactions.inTransaction(() -> {
            R found = store.find(actor.tenant(), id).orElseThrow(() -> new NotFoundException(kind.noun(), id.toString()));
            Instant now = clock.instant();
            if (!store.revert(actor.tenant(), id, actor.subject(), now)) {
                return undo.again(found);
            }
            T result = undo.undo(found, now);
            BulkRun run = kind.run().apply(found);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(kind.idDetail(), id.toString());
            details.putAll(undo.details(found, result));
            details.put(kind.appliedDetail(), run.counts().applied());
            details.put("reason", run.reason());
            audit.append(AuditEntry.of(actor, now, kind.action() + ".reverted", kind.target() + ":" + id, details));
            return result;
        });
    }

    private Optional<BulkResult<R>> replay(TenantId tenant, String key, String requestHash) {
        return store.findByIdempotencyKey(tenant, key).map(stored -> {
            BulkRun run = kind.run().apply(stored.run());
            if (!stored.requestHash().equals(requestHash)) {
                throw new UnprocessableException("the Idempotency-Key '" + key + "' was used for another request (" + kind.noun() + " "
                        + run.id() + "); send a new key for a new " + kind.noun());
            }
            return new BulkResult<>(Optional.of(stored.run()), false, true, run.counts(), store.outcomes(tenant, run.id()));
        });
    }
}
