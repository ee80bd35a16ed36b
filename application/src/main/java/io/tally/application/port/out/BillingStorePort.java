package io.tally.application.port.out;

import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.CountryCode;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Keeps subscription versions and payments, per tenant. The tenant and the customers they name must exist. */
public interface BillingStorePort {

    /**
     * Stores the version unless one of the subscription already took effect at the same instant; returns
     * empty when it was stored, else the version already there (unchanged).
     */
    Optional<SubscriptionVersion> insertVersion(TenantId tenant, SubscriptionVersion version, Instant now);

    /** Every version of one subscription, oldest first. */
    List<SubscriptionVersion> history(TenantId tenant, BillingId subscription);

    /** Every subscription version of the tenant. */
    List<SubscriptionVersion> versions(TenantId tenant);

    /** Every subscription version of one customer. */
    List<SubscriptionVersion> versions(TenantId tenant, CustomerId customer);

    /** Stores the payment when its id is new; returns whether it was. */
    boolean insertPayment(TenantId tenant, Payment payment, Instant now);

    /** The stored payment, locked until the transaction ends. */
    Optional<Payment> findPaymentForUpdate(TenantId tenant, BillingId payment);

    /** Replaces the status and refunds of a stored payment. */
    void updatePayment(TenantId tenant, Payment payment, Instant now);

    /** The payments made in {@code [start, end)} or with a refund given then, with all their refunds. */
    List<Payment> payments(TenantId tenant, Instant start, Instant end);

    /** Every payment of one customer. */
    List<Payment> payments(TenantId tenant, CustomerId customer);

    /** Signups in {@code [start, end)} (profiles' signed-up time), per country of the profile (empty: unknown). */
    Map<Optional<CountryCode>, Long> signupsByCountry(TenantId tenant, Instant start, Instant end);

    /** Customers whose profile's signed-up time is in {@code [start, end)} (of the tenant, or only this customer), oldest first. */
    List<Signup> signups(TenantId tenant, Optional<CustomerId> customer, Instant start, Instant end);

    /** A customer's signup, with its profile's country and plan when known. */
    record Signup(CustomerId customer, Instant signedUpAt, Optional<CountryCode> country, Optional<String> plan) {
    }

    /** The profile country of each of these customers that has one. */
    Map<CustomerId, CountryCode> countries(TenantId tenant, Set<CustomerId> customers);
}
