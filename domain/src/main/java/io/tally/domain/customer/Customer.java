package io.tally.domain.customer;

import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Instant;
import java.util.Objects;

/** A billable account of the tenant's product, known by the tenant's external id. */
public final class Customer {

    private final CustomerId id;
    private final CustomerProfile profile;
    private final Instant createdAt;
    private final Instant updatedAt;

    private Customer(CustomerId id, CustomerProfile profile, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Customer create(CustomerId id, CustomerProfile profile, Instant now) {
        return new Customer(id, profile, now, now);
    }

    public static Customer restore(CustomerId id, CustomerProfile profile, Instant createdAt, Instant updatedAt) {
        return new Customer(id, profile, createdAt, updatedAt);
    }

    /** The timezone this customer's days are cut in: its own, else the tenant's. */
    public TimeZoneId effectiveTimezone(TenantSettings tenantSettings) {
        return profile.timezone().orElse(tenantSettings.timezone());
    }

    /** The name to show: the display name, else the external id. */
    public String displayName() {
        return profile.displayName().orElse(id.value());
    }

    public CustomerId id() {
        return id;
    }

    public CustomerProfile profile() {
        return profile;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
