package io.tally.application.port.out;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Measures meters over stored usage events. */
public interface UsageAggregationPort {

    /**
     * Each meter's measurements in each bucket (the buckets follow one another without gaps), per group (see
     * {@link Measurements}). With a customer, only that customer's events count; without, the whole tenant's.
     * {@code zone} is the timezone the time-part dimensions ({@code @weekday}, {@code @hour}) are read in. The events of
     * customers whose processing is restricted count in no figure.
     */
    Measurements measure(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets, TimeZoneId zone);

    /**
     * One customer's usage as {@link #measure} counts it, but of every stored event, restricted or not: the use of a
     * plan limit, which the contract needs counted (and GDPR Art. 18(2) allows, for the rights of the tenant) while the
     * customer's analytics are restricted.
     */
    default Measurements measureUsage(TenantId tenant, CustomerId customer, List<Meter> meters, List<Bucket> buckets, TimeZoneId zone) {
        return measure(tenant, Optional.of(customer), meters, buckets, zone);
    }

    /**
     * How many distinct customers had at least one usage event, of any type, in each bucket (the buckets follow
     * one another without gaps), in the buckets' order: the tenant's customers, or only the given one (then each
     * is 0 or 1). Events without a customer (Tally's own, recorded for staff tokens) count for no one.
     */
    long[] activeCustomers(TenantId tenant, Optional<CustomerId> customer, List<Bucket> buckets);

    /** The customers with the highest count of the meter's events in [from, to), at most {@code limit}, highest first. */
    List<CustomerCount> topCustomers(TenantId tenant, Meter meter, Instant from, Instant to, int limit);

    /** A customer and a count. */
    record CustomerCount(CustomerId customer, long count) {
    }

    /** The dimension names the tenant's events of this type have carried. */
    Set<String> dimensions(TenantId tenant, EventType type);
}
