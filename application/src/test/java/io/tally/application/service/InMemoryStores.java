package io.tally.application.service;

import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.MaxConcurrent;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerUpsert;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.StoredEvent;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** In-memory fakes of the out ports, for service tests. */
final class InMemoryStores {

    static final class Tenants implements TenantStorePort {
        final Map<TenantId, Tenant> byId = new HashMap<>();
        int settingsWrites;

        @Override
        public Optional<Tenant> find(TenantId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Tenant> findForUpdate(TenantId id) {
            return find(id);
        }

        @Override
        public Tenant createIfAbsent(Tenant candidate) {
            return byId.computeIfAbsent(candidate.id(), id -> candidate);
        }

        @Override
        public void saveSettings(Tenant tenant) {
            settingsWrites++;
            byId.put(tenant.id(), tenant);
        }
    }

    static final class Customers implements CustomerStorePort {
        final Map<TenantId, TreeMap<CustomerId, Customer>> byTenant = new HashMap<>();

        /** A single-threaded store needs no lock. */
        @Override
        public void lock(TenantId tenant, CustomerId id) {
        }

        @Override
        public Optional<Customer> find(TenantId tenant, CustomerId id) {
            return Optional.ofNullable(of(tenant).get(id));
        }

        @Override
        public CustomerUpsert upsert(TenantId tenant, CustomerId id, CustomerProfile profile, Instant now) {
            Customer existing = of(tenant).get(id);
            Customer stored = existing == null ? Customer.create(id, profile, now)
                    : Customer.restore(id, profile, existing.createdAt(), existing.profile().equals(profile) ? existing.updatedAt() : now);
            of(tenant).put(id, stored);
            return new CustomerUpsert(stored, existing == null);
        }

        @Override
        public Set<CustomerId> existing(TenantId tenant, Set<CustomerId> ids) {
            return ids.stream().filter(of(tenant)::containsKey).collect(Collectors.toSet());
        }

        @Override
        public void createMissing(TenantId tenant, Set<CustomerId> ids, Instant now) {
            ids.forEach(id -> of(tenant).putIfAbsent(id, Customer.create(id, CustomerProfile.minimal(), now)));
        }

        @Override
        public List<Customer> list(TenantId tenant, CustomerScope scope, Optional<CustomerId> after, int limit) {
            var customers = after.map(a -> of(tenant).tailMap(a, false)).orElse(of(tenant));
            return customers.values().stream().filter(c -> scope.allows(c.id())).limit(limit).toList();
        }

        private TreeMap<CustomerId, Customer> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        }
    }

    static final class AuditLog implements AuditLogPort {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public void append(AuditEntry entry) {
            entries.add(entry);
        }
    }

    /** Keeps events per tenant by key, first write wins, like the unique key of the real store. */
    static final class Events implements UsageEventStorePort {
        final Map<TenantId, Map<EventKey, StoredEvent>> byTenant = new HashMap<>();

        @Override
        public Appended append(TenantId tenant, List<FingerprintedEvent> events, Instant receivedAt) {
            Map<EventKey, StoredEvent> stored = byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
            Set<EventKey> added = new HashSet<>();
            Map<EventKey, UUID> existing = new HashMap<>();
            for (FingerprintedEvent event : events) {
                StoredEvent before = stored.putIfAbsent(event.key(), new StoredEvent(event.event(), receivedAt));
                if (before == null) {
                    added.add(event.key());
                } else {
                    existing.put(event.key(), before.event().fingerprint());
                }
            }
            return new Appended(added, existing);
        }

        @Override
        public List<StoredEvent> history(TenantId tenant, CustomerId customer, Optional<EventType> type, Optional<Instant> from,
                                         Optional<Instant> to, Optional<EventCursor> after, int limit) {
            throw new AssertionError("not used by these tests");
        }
    }

    /**
     * Measures meters over the events of an {@link Events} store by the definitions of docs/metrics.md, the way
     * the events source of the persistence adapter does (the rollups give the same figures): a bucket holds a
     * group for each group key among the meter's events of the type (and customer) in it, whether or not they
     * pass the meter's filters, so a filtered count can be 0 in a group; a tenant-wide {@code latest} adds up
     * each customer's last value and holds only groups with a value; an ungrouped {@code max_concurrent} is 0
     * in every bucket without intervals, a grouped one shows a group only where it peaks above 0. Group keys and
     * filters read the events' dimensions; ties between equal times go to the greater source, then id.
     */
    static final class Usage implements UsageAggregationPort {
        private static final Comparator<UsageEvent> LAST = Comparator.comparing(UsageEvent::time)
                .thenComparing(event -> event.key().source()).thenComparing(event -> event.key().id());

        private final Events events;

        Usage(Events events) {
            this.events = events;
        }

        @Override
        public Measurements measure(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets) {
            Measurements.Builder measured = Measurements.builder(meters.stream().map(Meter::key).toList(), buckets.size());
            for (Meter meter : meters) {
                List<UsageEvent> ofType = events(tenant, customer).filter(event -> event.type().equals(meter.eventType())).toList();
                if (meter.aggregation() == Aggregation.MAX_CONCURRENT) {
                    peaks(meter, ofType, buckets, measured);
                    continue;
                }
                for (int i = 0; i < buckets.size(); i++) {
                    int index = i;
                    Bucket bucket = buckets.get(i);
                    Map<List<String>, List<UsageEvent>> groups = new LinkedHashMap<>();
                    ofType.stream().filter(event -> within(event, bucket.start(), bucket.end()))
                            .forEach(event -> groups.computeIfAbsent(groupKey(meter, event), key -> new ArrayList<>()).add(event));
                    for (Map.Entry<List<String>, List<UsageEvent>> group : groups.entrySet()) {
                        List<UsageEvent> matching = group.getValue().stream().filter(event -> matches(meter, event)).toList();
                        if (meter.aggregation() == Aggregation.LATEST && customer.isEmpty()) {
                            latestPerCustomer(meter, matching).ifPresent(sum -> measured.put(meter.key(), index, group.getKey(), Measurement.of(sum)));
                        } else {
                            measured.put(meter.key(), i, group.getKey(), measurement(meter, matching));
                        }
                    }
                }
            }
            return measured.build();
        }

        private static Measurement measurement(Meter meter, List<UsageEvent> matching) {
            List<BigDecimal> values = meter.measure().map(name -> matching.stream().map(event -> event.data().measures().get(name))
                    .filter(Objects::nonNull).toList()).orElse(List.of());
            return switch (meter.aggregation()) {
                case COUNT -> Measurement.of(BigDecimal.valueOf(matching.size()));
                case SUM -> Measurement.of(values.stream().reduce(BigDecimal::add).orElse(null));
                case AVG -> new Measurement(values.stream().reduce(BigDecimal::add).orElse(null), values.size());
                case MIN -> Measurement.of(values.stream().min(Comparator.naturalOrder()).orElse(null));
                case MAX -> Measurement.of(values.stream().max(Comparator.naturalOrder()).orElse(null));
                case UNIQUE_COUNT -> Measurement.of(BigDecimal.valueOf(matching.stream()
                        .map(event -> event.data().dimensions().get(meter.dimension().orElseThrow())).filter(Objects::nonNull).distinct().count()));
                case LATEST -> Measurement.of(matching.stream().filter(event -> event.data().measures().containsKey(meter.measure().orElseThrow()))
                        .max(LAST).map(event -> event.data().measures().get(meter.measure().orElseThrow())).orElse(null));
                case MAX_CONCURRENT -> throw new IllegalStateException("measured from intervals");
            };
        }

        /** Each customer's last value (events without a customer count as one more), added up; empty without values. */
        private static Optional<BigDecimal> latestPerCustomer(Meter meter, List<UsageEvent> matching) {
            String measure = meter.measure().orElseThrow();
            Map<Optional<CustomerId>, UsageEvent> last = new HashMap<>();
            matching.stream().filter(event -> event.data().measures().containsKey(measure))
                    .forEach(event -> last.merge(event.subject(), event, BinaryOperator.maxBy(LAST)));
            return last.values().stream().map(event -> event.data().measures().get(measure)).reduce(BigDecimal::add);
        }

        private static void peaks(Meter meter, List<UsageEvent> ofType, List<Bucket> buckets, Measurements.Builder measured) {
            Map<List<String>, List<MaxConcurrent.Interval>> intervals = new LinkedHashMap<>();
            if (!meter.isGrouped()) {
                intervals.put(List.of(), new ArrayList<>());
            }
            for (UsageEvent event : ofType) {
                BigDecimal seconds = event.data().measures().get(meter.measure().orElseThrow());
                if (matches(meter, event) && seconds != null && seconds.signum() > 0) {
                    Instant end = event.time().plusNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
                    intervals.computeIfAbsent(groupKey(meter, event), key -> new ArrayList<>()).add(new MaxConcurrent.Interval(event.time(), end));
                }
            }
            intervals.forEach((key, list) -> {
                long[] peaks = MaxConcurrent.peaks(list, buckets);
                for (int i = 0; i < peaks.length; i++) {
                    if (peaks[i] > 0 || !meter.isGrouped()) {
                        measured.put(meter.key(), i, key, Measurement.of(BigDecimal.valueOf(peaks[i])));
                    }
                }
            });
        }

        @Override
        public long[] activeCustomers(TenantId tenant, Optional<CustomerId> customer, List<Bucket> buckets) {
            long[] active = new long[buckets.size()];
            for (int i = 0; i < buckets.size(); i++) {
                Bucket bucket = buckets.get(i);
                active[i] = events(tenant, customer).filter(event -> within(event, bucket.start(), bucket.end()))
                        .map(UsageEvent::subject).flatMap(Optional::stream).distinct().count();
            }
            return active;
        }

        @Override
        public List<CustomerCount> topCustomers(TenantId tenant, Meter meter, Instant from, Instant to, int limit) {
            Map<CustomerId, Long> counts = events(tenant, Optional.empty())
                    .filter(event -> event.type().equals(meter.eventType()) && within(event, from, to) && matches(meter, event))
                    .map(UsageEvent::subject).flatMap(Optional::stream)
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<CustomerId, Long>comparingByValue().reversed().thenComparing(entry -> entry.getKey().value()))
                    .limit(limit).map(entry -> new CustomerCount(entry.getKey(), entry.getValue())).toList();
        }

        @Override
        public Set<String> dimensions(TenantId tenant, EventType type) {
            return events(tenant, Optional.empty()).filter(event -> event.type().equals(type))
                    .flatMap(event -> event.data().dimensions().keySet().stream()).collect(Collectors.toSet());
        }

        private Stream<UsageEvent> events(TenantId tenant, Optional<CustomerId> customer) {
            return events.byTenant.getOrDefault(tenant, Map.of()).values().stream().map(StoredEvent::event)
                    .filter(event -> customer.isEmpty() || event.subject().equals(customer));
        }

        private static boolean within(UsageEvent event, Instant from, Instant to) {
            return !event.time().isBefore(from) && event.time().isBefore(to);
        }

        private static boolean matches(Meter meter, UsageEvent event) {
            return meter.filters().entrySet().stream().allMatch(filter -> filter.getValue().equals(event.data().dimensions().get(filter.getKey())));
        }

        private static List<String> groupKey(Meter meter, UsageEvent event) {
            return meter.groupBy().stream().map(dimension -> event.data().dimensions().get(dimension)).collect(Collectors.toList());
        }
    }

    /** Runs the work directly and counts transactions; rollback itself is proven against PostgreSQL. */
    static final class Transactions implements TransactionPort {
        int started;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            started++;
            return work.get();
        }
    }

    private InMemoryStores() {
    }
}
