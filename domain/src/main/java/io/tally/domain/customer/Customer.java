package io.tally.domain.customer;

import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A billable account of the tenant's product, known by the tenant's external id. */
public final class Customer {

    private final CustomerId id;
    private final CustomerProfile profile;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Optional<Instant> restrictedSince;
    private final Optional<Instant> erasedAt;

    private Customer(CustomerId id, CustomerProfile profile, Instant createdAt, Instant updatedAt, Optional<Instant> restrictedSince,
                     Optional<Instant> erasedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.restrictedSince = Objects.requireNonNull(restrictedSince, "restrictedSince");
        this.erasedAt = Objects.requireNonNull(erasedAt, "erasedAt");
    }

    public static Customer create(CustomerId id, CustomerProfile profile, Instant now) {
        return new Customer(id, profile, now, now, Optional.empty(), Optional.empty());
    }

    public static Customer restore(CustomerId id, CustomerProfile profile, Instant createdAt, Instant updatedAt) {
        return new Customer(id, profile, createdAt, updatedAt, Optional.empty(), Optional.empty());
    }

    /**
     * A stored customer whose processing may be restricted (GDPR Arts. 18 and 21: its events are kept but left out of
     * every figure) or who was erased (the profile is a tombstone).
     */
    public static Customer restore(CustomerId id, CustomerProfile profile, Instant createdAt, Instant updatedAt, Optional<Instant> restrictedSince,
                                   Optional<Instant> erasedAt) {
        return new Customer(id, profile, createdAt, updatedAt, restrictedSince, erasedAt);
    }

    /** Since when the processing of this customer's data is restricted, while it is. */
    public Optional<Instant> restrictedSince() {
        return restrictedSince;
    }

    /** When this customer was erased at their request, if they were. */
    public Optional<Instant> erasedAt() {
        return erasedAt;
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
