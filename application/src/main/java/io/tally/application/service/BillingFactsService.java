package io.tally.application.service;

import io.tally.application.port.in.billing.RecordPaymentCommand;
import io.tally.application.port.in.billing.RecordPaymentUseCase;
import io.tally.application.port.in.billing.RecordSubscriptionCommand;
import io.tally.application.port.in.billing.RecordSubscriptionUseCase;
import io.tally.application.port.out.BillingStorePort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.ConflictException;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Billing facts in. Each fact is stored in one transaction with the customer it names (created with a
 * minimal profile when it is new, as usage events do). Replays are harmless: a subscription version is
 * known by its subscription and effective time, a payment by its id.
 */
public final class BillingFactsService implements RecordSubscriptionUseCase, RecordPaymentUseCase {

    private final BillingStorePort billing;
    private final CustomerStorePort customers;
    private final TenantService tenants;
    private final TransactionPort transactions;
    private final PrivacyDataPort privacy;
    private final Clock clock;

    public BillingFactsService(BillingStorePort billing, CustomerStorePort customers, PrivacyDataPort privacy, TenantService tenants,
                               TransactionPort transactions, Clock clock) {
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SubscriptionRecorded recordSubscription(RecordSubscriptionCommand command) {
        TenantId tenant = command.actor().tenant();
        tenants.current(tenant);
        SubscriptionVersion version = command.version();
        privacy.refuseErased(tenant, version.customer());
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            List<SubscriptionVersion> history = billing.history(tenant, version.subscription());
            if (!history.isEmpty() && !history.getFirst().customer().equals(version.customer())) {
                throw new ConflictException("subscription " + version.subscription().value() + " belongs to customer "
                        + history.getFirst().customer().value() + ", not " + version.customer().value());
            }
            customers.createMissing(tenant, Set.of(version.customer()), now);
            Optional<SubscriptionVersion> existing = billing.insertVersion(tenant, version, now);
            if (existing.isPresent() && !existing.get().sameFactsAs(version)) {
                throw new ConflictException("subscription " + version.subscription().value() + " already has a different version"
                        + " effective at " + version.effectiveAt() + "; versions are never overwritten, send the change with its own effective_at");
            }
            boolean latest = history.stream().noneMatch(stored -> stored.effectiveAt().isAfter(version.effectiveAt()));
            return new SubscriptionRecorded(existing.orElse(version), existing.isEmpty(), latest);
        });
    }

    @Override
    public PaymentRecorded recordPayment(RecordPaymentCommand command) {
        TenantId tenant = command.actor().tenant();
        tenants.current(tenant);
        Payment report = command.payment();
        privacy.refuseErased(tenant, report.customer());
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            customers.createMissing(tenant, Set.of(report.customer()), now);
            if (billing.insertPayment(tenant, report, now)) {
                return new PaymentRecorded(report, Outcome.CREATED);
            }
            Payment stored = billing.findPaymentForUpdate(tenant, report.id()).orElseThrow();
            Payment merged = stored.mergedWith(report);
            if (merged.sameFactsAs(stored)) {
                return new PaymentRecorded(stored, Outcome.UNCHANGED);
            }
            billing.updatePayment(tenant, merged, now);
            return new PaymentRecorded(merged, Outcome.UPDATED);
        });
    }
}
