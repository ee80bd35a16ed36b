package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.EventSchemaCatalog;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.replica.ReplicaReads;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventType;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Measures meters on PostgreSQL. {@link MeasurementPlan} says which source answers each meter and which
 * meters share a statement; each source holds its SQL: {@link RollupSource} ({@code usage_rollup} and the
 * pending deltas), {@link RawEventSource} ({@code usage_event} aggregates), {@link LatestValueSource}
 * (tenant-wide last values) and {@link PeakConcurrencySource} ({@code max_concurrent}). All statements of one
 * call run on one connection: on the read replica when the use case reads there ({@link ReplicaReads}), except the
 * usage plan limits count ({@link #measureUsage}, which quota checks reserve against), always on the primary.
 */
@Singleton
class UsageAggregationPersistenceAdapter implements UsageAggregationPort {

    private final TenantKeys tenants;
    private final CustomerKeys customers;
    private final EventSchemaCatalog schema;
    private final RollupSource rollups;
    private final RawEventSource events;
    private final LatestValueSource latest;
    private final PeakConcurrencySource peaks;
    private final JdbcOperations jdbc;
    private final ReplicaReads reads;

    UsageAggregationPersistenceAdapter(TenantKeys tenants, CustomerKeys customers, EventSchemaCatalog schema, RollupSource rollups,
                                       RawEventSource events, LatestValueSource latest, PeakConcurrencySource peaks, JdbcOperations jdbc,
                                       ReplicaReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.tenants = tenants;
        this.customers = customers;
        this.schema = schema;
        this.rollups = rollups;
        this.events = events;
        this.latest = latest;
        this.peaks = peaks;
    }

    @Override
    public Measurements measure(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets, TimeZoneId zone) {
        long tenantId = tenantId(tenant);
        return reads.connected(() -> measure(scope(tenantId, customer, buckets.getFirst().start(), buckets.getLast().end(), false), customer,
                meters, buckets, zone));
    }

    @Override
    public Measurements measureUsage(TenantId tenant, CustomerId customer, List<Meter> meters, List<Bucket> buckets, TimeZoneId zone) {
        return reads.onPrimary(() -> measure(scope(tenantId(tenant), Optional.of(customer), buckets.getFirst().start(), buckets.getLast().end(),
                true), Optional.of(customer), meters, buckets, zone));
    }

    /** The tenant's key, looked up on the primary (a tenant made a moment ago may not have reached the replica). */
    private long tenantId(TenantId tenant) {
        return reads.onPrimary(() -> tenants.require(tenant));
    }

    private Measurements measure(Optional<EventScope> scope, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets,
                                 TimeZoneId zone) {
        Measurements.Builder measured = Measurements.builder(meters.stream().map(Meter::key).toList(), buckets.size());
        if (scope.isEmpty()) {
            return measured.build();
        }
        BucketStarts starts = BucketStarts.of(buckets);
        for (MeasurementPlan.Step step : MeasurementPlan.of(meters, customer.isPresent(), buckets).steps()) {
            switch (step) {
                case MeasurementPlan.FromRollups rolled -> rollups.measure(scope.get(), rolled.eventType(), rolled.meters(), starts, measured);
                case MeasurementPlan.FromEvents raw -> events.measure(scope.get(), raw, zone, starts, measured);
                case MeasurementPlan.LatestPerCustomer last -> latest.measure(scope.get(), last.meter(), starts, measured);
                case MeasurementPlan.PeakConcurrency peak -> peaks.measure(scope.get(), peak.meter(), buckets, measured);
            }
        }
        return measured.build();
    }

    /** The events of the tenant (or of the customer) in [from, to); empty for a customer without any. */
    private Optional<EventScope> scope(long tenantId, Optional<CustomerId> customer, Instant from, Instant to) {
        return scope(tenantId, customer, from, to, false);
    }

    /** The scope; {@code withheldToo}: a restricted customer's own events count (plan limits). */
    private Optional<EventScope> scope(long tenantId, Optional<CustomerId> customer, Instant from, Instant to, boolean withheldToo) {
        if (customer.isEmpty()) {
            return Optional.of(new EventScope(tenantId, Optional.empty(), from, to, withheld(tenantId)));
        }
        Long customerId = customers.idsOf(tenantId, List.of(customer.get())).get(customer.get());
        // a plan limit counts a restricted customer's own events: the quota check needs no look at the restricted ones
        if (customerId != null && !withheldToo && Arrays.asList(withheld(tenantId)).contains(customerId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(customerId).map(id -> new EventScope(tenantId, Optional.of(id), from, to));
    }

    /** The customers whose processing is restricted: their events count in no figure (V17's partial index finds them). */
    private Long[] withheld(long tenantId) {
        return jdbc.prepareStatement("SELECT customer_id FROM customer WHERE tenant_id = ? AND restricted_at IS NOT NULL", statement -> {
            statement.setLong(1, tenantId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids.toArray(Long[]::new);
        });
    }

    @Override
    public long[] activeCustomers(TenantId tenant, Optional<CustomerId> customer, List<Bucket> buckets) {
        long tenantId = tenantId(tenant);
        return reads.connected(() -> scope(tenantId, customer, buckets.getFirst().start(), buckets.getLast().end())
                .map(scope -> events.activeCustomers(scope, BucketStarts.of(buckets), buckets.size()))
                .orElseGet(() -> new long[buckets.size()]));
    }

    @Override
    public List<CustomerCount> topCustomers(TenantId tenant, Meter meter, Instant from, Instant to, int limit) {
        long tenantId = tenantId(tenant);
        return reads.connected(() -> events.topCustomers(new EventScope(tenantId, Optional.empty(), from, to, withheld(tenantId)), meter, limit));
    }

    @Override
    public Set<String> dimensions(TenantId tenant, EventType type) {
        return reads.onPrimary(() -> schema.dimensions(tenants.require(tenant), type.value()));
    }
}
