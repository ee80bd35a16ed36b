package io.tally.application.service;

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
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.bulk.UsageResetStorePort;
import io.tally.application.service.bulk.BulkActions;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.plan.UsageReset;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The admin bulk usage reset. A reset is a marker (the reset, and the customers it applies to) that the limit
 * computations honour; no event is deleted, and reverting the marker brings the usage back as it was. What every bulk
 * action does alike (the idempotency key, the transaction with its audit entry, replays, dry runs, lookups, the
 * revert's bookkeeping) is {@link BulkActions}'; this says what a reset does: which meters, and which customers it
 * applies to.
 */
public final class UsageResetService implements ResetUsageUseCase, GetUsageResetUseCase, ListUsageResetsUseCase, RevertUsageResetUseCase {

    static final BulkActions.Kind<UsageReset> KIND = new BulkActions.Kind<>("usage reset", "usage.reset", "usage-reset", "reset_id", "reset",
            UsageReset::run, UsageReset::withRun);

    private final UsageResetStorePort resets;
    private final PlanStorePort plans;
    private final BulkActions<UsageReset> actions;

    public UsageResetService(UsageResetStorePort resets, PlanStorePort plans, TenantService tenants, AuditLogPort audit,
                             TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.resets = Objects.requireNonNull(resets, "resets");
        this.plans = Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(tenants, "tenants");
        this.actions = new BulkActions<>(resets, KIND, audit, transactions, tenants::current, ids, clock);
    }

    @Override
    public BulkResult<UsageReset> resetUsage(ResetUsageCommand command) {
        Actor actor = command.actor();
        BulkActions.requireAdmin(actor);
        BulkActions.requireIdempotencyKey(command.idempotencyKey());
        CustomerSelection customers = BulkActions.selection(command.customers(), command.plan());
        BulkActions.requireReason(command.reason());
        return actions.run(actor, command.idempotencyKey(), command.requestHash(), customers, command.reason(), command.dryRun(),
                new BulkActions.Work<>() {
                    @Override
                    public UsageReset prepare(BulkRun run) {
                        return new UsageReset(run, command.type(), meters(actor, command));
                    }

                    @Override
                    public List<BulkOutcome> apply(UsageReset reset, boolean dryRun) {
                        return resets.apply(actor.tenant(), reset.run().id(), customers, reset.meters(), dryRun);
                    }

                    @Override
                    public Map<String, Object> details(UsageReset reset) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("reset_type", reset.type().wireName());
                        details.put("meters", reset.meters().stream().map(MeterKey::value).toList());
                        return details;
                    }
                });
    }

    @Override
    public BulkResult<UsageReset> getUsageReset(UsageResetQuery query) {
        return actions.get(query.actor(), query.id());
    }

    @Override
    public Page<UsageReset> listUsageResets(ListUsageResetsQuery query) {
        return actions.list(query.actor(), query.after(), query.limit(), ListUsageResetsQuery.MAX_LIMIT);
    }

    /** Marks the reset reverted; the limits then ignore it. Reverting again changes nothing and answers the reset as it is. */
    @Override
    public UsageReset revertUsageReset(RevertUsageResetCommand command) {
        Actor actor = command.actor();
        return actions.revert(actor, command.id(), new BulkActions.Undo<UsageReset, UsageReset>() {
            @Override
            public UsageReset undo(UsageReset reset, Instant at) {
                return again(reset);
            }

            @Override
            public UsageReset again(UsageReset reset) {
                return resets.find(actor.tenant(), reset.run().id()).orElseThrow();
            }

            @Override
            public Map<String, Object> details(UsageReset reset, UsageReset reverted) {
                return Map.of("reset_type", reset.type().wireName());
            }
        });
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
}
