package io.tally.application.service.bulk;

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
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.bulk.CustomerChangeStorePort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerChange;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.plan.Plan;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The admin bulk customer change: many customers' plan, status or both at once, set-based, with what every bulk action
 * does alike ({@link BulkActions}: the idempotency key, replays, dry runs, the transaction with its audit entry,
 * lookups, the revert's bookkeeping). A customer's profile changes by the rules of a single profile change: an erased
 * customer is not changed, {@code updated_at} moves only for a customer that really changed, and the tenant's data
 * watermark moves on in the same transaction, so that cached figures (MRR by plan, say) are computed again. The plan
 * set must be one the tenant defined.
 *
 * <p>A revert puts back the plan and status from before the change of each customer it changed, unless that customer
 * changed again since (its plan or status is no longer what this change left) or was erased: those are kept as they
 * are, and the revert says which and why. So a later change, by this API or by the product's own profile updates, is
 * never undone by reverting an earlier one. A change is reverted once; a second revert is refused (409).
 */
public final class CustomerChangeService implements ChangeCustomersUseCase, GetCustomerChangeUseCase, ListCustomerChangesUseCase,
        RevertCustomerChangeUseCase {

    static final BulkActions.Kind<CustomerChange> KIND = new BulkActions.Kind<>("customer change", "customer.change", "customer-change",
            "change_id", "changed", CustomerChange::run, CustomerChange::withRun);

    private final CustomerChangeStorePort changes;
    private final PlanStorePort plans;
    private final DataWatermarkPort watermarks;
    private final BulkActions<CustomerChange> actions;

    /** {@code tenants} makes sure the caller's tenant exists (it is created on first use). */
    public CustomerChangeService(CustomerChangeStorePort changes, PlanStorePort plans, DataWatermarkPort watermarks, Consumer<TenantId> tenants,
                                 AuditLogPort audit, TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.changes = Objects.requireNonNull(changes, "changes");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.actions = new BulkActions<>(changes, KIND, audit, transactions, tenants, ids, clock);
    }

    @Override
    public BulkResult<CustomerChange> changeCustomers(ChangeCustomersCommand command) {
        Actor actor = command.actor();
        BulkActions.requireAdmin(actor);
        BulkActions.requireIdempotencyKey(command.idempotencyKey());
        CustomerSelection customers = BulkActions.selection(command.customers(), command.plan());
        command.plan().filter(plan -> !CustomerProfile.isValidPlanKey(plan)).ifPresent(plan -> {
            throw new InvalidValueException("plan", "'" + plan + "' is not a plan key");
        });
        if (command.setPlan().isEmpty() && command.setStatus().isEmpty()) {
            throw new InvalidValueException("set", "must set plan, status or both");
        }
        command.setPlan().filter(plan -> !CustomerProfile.isValidPlanKey(plan)).ifPresent(plan -> {
            throw new InvalidValueException("set.plan", "'" + plan + "' is not a plan key");
        });
        BulkActions.requireReason(command.reason());
        return actions.run(actor, command.idempotencyKey(), command.requestHash(), customers, command.reason(), command.dryRun(),
                new BulkActions.Work<>() {
                    @Override
                    public CustomerChange prepare(BulkRun run) {
                        command.setPlan().ifPresent(plan -> requireDefined(actor.tenant(), plan));
                        return new CustomerChange(run, command.setPlan(), command.setStatus(), Optional.empty());
                    }

                    @Override
                    public List<BulkOutcome> apply(CustomerChange change, boolean dryRun) {
                        return changes.apply(actor.tenant(), change, customers, dryRun, change.run().createdAt());
                    }

                    @Override
                    public Map<String, Object> details(CustomerChange change) {
                        Map<String, Object> set = new LinkedHashMap<>();
                        change.plan().ifPresent(plan -> set.put("plan", plan));
                        change.status().ifPresent(status -> set.put("status", status.wireName()));
                        return Map.of("set", set);
                    }

                    @Override
                    public void applied(CustomerChange change) {
                        if (change.run().counts().applied() > 0) {
                            watermarks.advance(actor.tenant());
                        }
                    }
                });
    }

    @Override
    public BulkResult<CustomerChange> getCustomerChange(CustomerChangeQuery query) {
        return actions.get(query.actor(), query.id());
    }

    @Override
    public Page<CustomerChange> listCustomerChanges(ListCustomerChangesQuery query) {
        return actions.list(query.actor(), query.after(), query.limit(), ListCustomerChangesQuery.MAX_LIMIT);
    }

    @Override
    public CustomerChangeRevert revertCustomerChange(RevertCustomerChangeCommand command) {
        Actor actor = command.actor();
        return actions.revert(actor, command.id(), new BulkActions.Undo<CustomerChange, CustomerChangeRevert>() {
            @Override
            public CustomerChangeRevert undo(CustomerChange change, Instant at) {
                List<BulkOutcome> outcomes = changes.restore(actor.tenant(), change.run().id(), at);
                if (outcomes.stream().anyMatch(outcome -> outcome.status() == BulkOutcome.Status.APPLIED)) {
                    watermarks.advance(actor.tenant());
                }
                return new CustomerChangeRevert(changes.find(actor.tenant(), change.run().id()).orElseThrow(),
                        outcomes.stream().filter(outcome -> outcome.status() != BulkOutcome.Status.APPLIED).toList());
            }

            @Override
            public CustomerChangeRevert again(CustomerChange change) {
                BulkRun run = changes.find(actor.tenant(), change.run().id()).orElseThrow().run();
                throw new ConflictException("customer change " + run.id() + " was reverted already" + run.revertedAt().map(at -> ", at " + at).orElse("")
                        + run.revertedBy().map(by -> " by " + by).orElse("") + "; a change is reverted once");
            }

            @Override
            public Map<String, Object> details(CustomerChange change, CustomerChangeRevert revert) {
                Map<String, Object> details = new LinkedHashMap<>();
                revert.change().restoration().ifPresent(restoration -> {
                    details.put("restored", restoration.restored());
                    details.put("kept", restoration.kept());
                });
                return details;
            }
        });
    }

    private void requireDefined(TenantId tenant, String plan) {
        if (plans.find(tenant, plan).isEmpty()) {
            List<String> defined = plans.list(tenant).stream().map(Plan::key).toList();
            throw new InvalidValueException("set.plan", "'" + plan + "' is not a plan of this tenant; its plans: "
                    + (defined.isEmpty() ? "none" : String.join(", ", defined)));
        }
    }
}
