package io.tally.application.service;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.reset.GetUsageResetUseCase;
import io.tally.application.port.in.reset.ListUsageResetsQuery;
import io.tally.application.port.in.reset.ListUsageResetsUseCase;
import io.tally.application.port.in.reset.ResetUsageCommand;
import io.tally.application.port.in.reset.ResetUsageUseCase;
import io.tally.application.port.in.reset.RevertUsageResetCommand;
import io.tally.application.port.in.reset.RevertUsageResetUseCase;
import io.tally.application.port.in.reset.UsageResetQuery;
import io.tally.application.port.in.reset.UsageResetResult;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageResetStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.Text;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.plan.ResetOutcome;
import io.tally.domain.plan.UsageReset;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The admin bulk usage reset. A reset is a marker (the reset, and the customers it applies to) that the
 * limit computations honour; no event is deleted, and reverting the marker brings the usage back as it was.
 * It runs set-based in one transaction with its audit entry, so a failed audit write leaves no reset behind.
 * The {@code Idempotency-Key} makes a retried request safe: the same key and body give the first result and
 * reset nothing again; the same key with another body is refused (422).
 */
public final class UsageResetService implements ResetUsageUseCase, GetUsageResetUseCase, ListUsageResetsUseCase, RevertUsageResetUseCase {

    static final String RESET_ACTION = "usage.reset";
    static final String REVERT_ACTION = "usage.reset.reverted";
    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 200;

    private final UsageResetStorePort resets;
    private final PlanStorePort plans;
    private final TenantService tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public UsageResetService(UsageResetStorePort resets, PlanStorePort plans, TenantService tenants, AuditLogPort audit,
                             TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.resets = Objects.requireNonNull(resets, "resets");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public UsageResetResult resetUsage(ResetUsageCommand command) {
        Actor actor = command.actor();
        requireAdmin(actor);
        String key = command.idempotencyKey();
        if (key.isBlank() || key.length() > IDEMPOTENCY_KEY_MAX_LENGTH || Text.characterProblem(key) != null) {
            throw new InvalidValueException("Idempotency-Key", "must be 1 to " + IDEMPOTENCY_KEY_MAX_LENGTH + " characters without control characters");
        }
        if (command.customers().isPresent() == command.plan().isPresent()) {
            throw new InvalidValueException("customer_ids", "give either customer_ids or plan");
        }
        List<CustomerId> customers = command.customers().map(list -> List.copyOf(new LinkedHashSet<>(list))).orElse(List.of());
        if (command.customers().isPresent() && (customers.isEmpty() || command.customers().get().size() > ResetUsageCommand.MAX_CUSTOMERS)) {
            throw new InvalidValueException("customer_ids", "must list 1 to " + ResetUsageCommand.MAX_CUSTOMERS + " customers");
        }
        String reasonProblem = Text.labelProblem(command.reason(), UsageReset.REASON_MAX_LENGTH);
        if (reasonProblem != null) {
            throw new InvalidValueException("reason", reasonProblem);
        }
        tenants.current(actor.tenant());
        return transactions.inTransaction(() -> {
            Optional<UsageResetResult> replay = replay(actor, key, command.requestHash());
            if (replay.isPresent()) {
                return replay.get();
            }
            List<MeterKey> meters = meters(actor, command);
            Instant now = clock.instant();
            String scope = command.plan().map(plan -> "plan " + plan)
                    .orElse(customers.size() + (customers.size() == 1 ? " customer id" : " customer ids"));
            UsageReset reset = new UsageReset(ids.get(), command.type(), meters, command.reason(), actor.subject(), actor.requestId(), scope, now,
                    new UsageReset.Counts(0, 0, 0), Optional.empty(), Optional.empty());
            if (command.dryRun()) {
                List<ResetOutcome> outcomes = apply(actor, reset, customers, command.plan(), meters, true);
                return new UsageResetResult(Optional.empty(), true, false, UsageReset.Counts.of(outcomes), outcomes);
            }
            if (!resets.insert(actor.tenant(), reset, key, command.requestHash())) {
                // a concurrent request with the same key committed first: answer as its replay
                return replay(actor, key, command.requestHash()).orElseThrow();
            }
            List<ResetOutcome> outcomes = apply(actor, reset, customers, command.plan(), meters, false);
            resets.complete(actor.tenant(), reset.id(), outcomes);
            UsageReset.Counts counts = UsageReset.Counts.of(outcomes);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reset_id", reset.id().toString());
            details.put("reset_type", reset.type().wireName());
            details.put("reason", reset.reason());
            details.put("scope", scope);
            details.put("meters", meters.stream().map(MeterKey::value).toList());
            details.put("reset", counts.reset());
            details.put("not_found", counts.notFound());
            details.put("skipped", counts.skipped());
            details.put("idempotency_key", key);
            audit.append(AuditEntry.of(actor, now, RESET_ACTION, "usage-reset:" + reset.id(), details));
            UsageReset stored = new UsageReset(reset.id(), reset.type(), meters, reset.reason(), reset.actor(), reset.requestId(), scope, now,
                    counts, Optional.empty(), Optional.empty());
            return new UsageResetResult(Optional.of(stored), false, false, counts, outcomes);
        });
    }

    @Override
    public UsageResetResult getUsageReset(UsageResetQuery query) {
        requireAdmin(query.actor());
        tenants.current(query.actor().tenant());
        UsageReset reset = resets.find(query.actor().tenant(), query.id())
                .orElseThrow(() -> new NotFoundException("usage reset", query.id().toString()));
        return new UsageResetResult(Optional.of(reset), false, false, reset.counts(), resets.outcomes(query.actor().tenant(), reset.id()));
    }

    @Override
    public Page<UsageReset> listUsageResets(ListUsageResetsQuery query) {
        requireAdmin(query.actor());
        if (query.limit() < 1 || query.limit() > ListUsageResetsQuery.MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + ListUsageResetsQuery.MAX_LIMIT);
        }
        tenants.current(query.actor().tenant());
        return Page.fromLookahead(resets.list(query.actor().tenant(), query.after(), query.limit() + 1), query.limit());
    }

    @Override
    public UsageReset revertUsageReset(RevertUsageResetCommand command) {
        Actor actor = command.actor();
        requireAdmin(actor);
        tenants.current(actor.tenant());
        return transactions.inTransaction(() -> {
            UsageReset reset = resets.find(actor.tenant(), command.id())
                    .orElseThrow(() -> new NotFoundException("usage reset", command.id().toString()));
            Instant now = clock.instant();
            if (resets.revert(actor.tenant(), reset.id(), actor.subject(), now)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reset_id", reset.id().toString());
                details.put("reset_type", reset.type().wireName());
                details.put("reset", reset.counts().reset());
                details.put("reason", reset.reason());
                audit.append(AuditEntry.of(actor, now, REVERT_ACTION, "usage-reset:" + reset.id(), details));
            }
            return resets.find(actor.tenant(), reset.id()).orElseThrow();
        });
    }

    private Optional<UsageResetResult> replay(Actor actor, String key, String requestHash) {
        return resets.findByIdempotencyKey(actor.tenant(), key).map(stored -> {
            if (!stored.requestHash().equals(requestHash)) {
                throw new UnprocessableException("the Idempotency-Key '" + key + "' was used for another request (reset "
                        + stored.reset().id() + "); send a new key for a new reset");
            }
            return new UsageResetResult(Optional.of(stored.reset()), false, true, stored.reset().counts(),
                    resets.outcomes(actor.tenant(), stored.reset().id()));
        });
    }

    private List<ResetOutcome> apply(Actor actor, UsageReset reset, List<CustomerId> customers, Optional<String> plan, List<MeterKey> meters,
                                     boolean dryRun) {
        if (plan.isPresent()) {
            return resets.applyToPlan(actor.tenant(), reset.id(), plan.get(), meters, dryRun);
        }
        return resets.applyToCustomers(actor.tenant(), reset.id(), customers, meters, dryRun);
    }

    /** The meters asked for, each limited by some plan; by default every meter a plan of the tenant limits. */
    private List<MeterKey> meters(Actor actor, ResetUsageCommand command) {
        TreeSet<String> limited = new TreeSet<>();
        for (Plan plan : plans.list(actor.tenant())) {
            plan.limits().stream().map(PlanLimit::meter).map(MeterKey::value).forEach(limited::add);
        }
        if (command.meters().isEmpty()) {
            if (limited.isEmpty()) {
                throw new InvalidValueException("meters", "no plan of this tenant limits any meter, so there is no usage to reset");
            }
            return limited.stream().map(MeterKey::of).toList();
        }
        List<MeterKey> asked = List.copyOf(new LinkedHashSet<>(command.meters().get()));
        List<MeterKey> result = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            if (!limited.contains(asked.get(i).value())) {
                throw new InvalidValueException("meters[" + i + "]", "no plan limits '" + asked.get(i).value() + "'; limited meters: "
                        + (limited.isEmpty() ? "none" : String.join(", ", limited)));
            }
            result.add(asked.get(i));
        }
        if (result.isEmpty()) {
            throw new InvalidValueException("meters", "must name at least one meter, or be left out for every limited meter");
        }
        return result;
    }

    /** Admins and owners, with a token not limited to some customers. */
    static void requireAdmin(Actor actor) {
        boolean admin = actor.kind() == Actor.Kind.USER && actor.roles().stream().anyMatch(role -> role.includes(Role.ADMIN));
        if (!admin || actor.customers().isRestricted()) {
            throw new ForbiddenException("usage resets and the audit log need the admin role and a token not limited to customers");
        }
    }
}
