package io.tally.application.service;

import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.BillingStorePort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.DerivedDimension;
import io.tally.domain.analytics.MaxConcurrent;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerUpsert;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.plan.Plan;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.query.Visibility;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * In-memory fakes of the out ports, for service tests (in this package and its feature packages). Each keeps to its
 * port's contract; {@link Transactions} rolls back the fakes it is given when the work of a transaction throws, so a
 * test can show that a failing step leaves nothing behind.
 */
public final class InMemoryStores {

    /** A fake whose contents a {@link Transactions} restores when the work of a transaction fails. */
    public interface Transactional {

        /** Captures the contents; running the result puts them back. */
        Runnable snapshot();
    }

    public static final class Tenants implements TenantStorePort {
        public final Map<TenantId, Tenant> byId = new HashMap<>();
        public int settingsWrites;

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

        public final Map<TenantId, String> webhookSecrets = new HashMap<>();

        @Override
        public Optional<String> webhookSecret(TenantId id) {
            return Optional.ofNullable(webhookSecrets.get(id));
        }

        @Override
        public void saveWebhookSecret(TenantId id, String secret) {
            webhookSecrets.put(id, secret);
        }
    }

    public static final class Customers implements CustomerStorePort {
        public final Map<TenantId, TreeMap<CustomerId, Customer>> byTenant = new HashMap<>();

        /** A single-threaded store needs no lock. */
        @Override
        public void lock(TenantId tenant, CustomerId id) {
        }

        @Override
        public Optional<Customer> find(TenantId tenant, CustomerId id) {
            return Optional.ofNullable(of(tenant).get(id));
        }

        /** This store keeps no usage resets: a customer has none in force. */
        @Override
        public Optional<CustomerWithResets> findWithResets(TenantId tenant, CustomerId id) {
            return find(tenant, id).map(customer -> new CustomerWithResets(customer, Map.of()));
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
        public List<Customer> list(TenantId tenant, CustomerScope scope, Optional<String> search, Optional<CustomerId> after, int limit) {
            var customers = after.map(a -> of(tenant).tailMap(a, false)).orElse(of(tenant));
            String text = search.map(s -> s.toLowerCase(java.util.Locale.ROOT)).orElse("");
            return customers.values().stream().filter(c -> scope.allows(c.id()))
                    .filter(c -> c.id().value().toLowerCase(java.util.Locale.ROOT).contains(text)
                            || c.displayName().toLowerCase(java.util.Locale.ROOT).contains(text))
                    .limit(limit).toList();
        }

        private TreeMap<CustomerId, Customer> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        }
    }

    /** The audit log; {@link #failWith} makes every append fail, as a broken log would. */
    public static final class AuditLog implements AuditLogPort, Transactional {
        public final List<AuditEntry> entries = new ArrayList<>();
        private RuntimeException failure;

        /** Every later append throws this. */
        public void failWith(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void append(AuditEntry entry) {
            if (failure != null) {
                throw failure;
            }
            entries.add(entry);
        }

        @Override
        public Runnable snapshot() {
            List<AuditEntry> copy = List.copyOf(entries);
            return () -> {
                entries.clear();
                entries.addAll(copy);
            };
        }
    }

    /** Keeps events per tenant by key, first write wins, like the unique key of the real store. */
    public static final class Events implements UsageEventStorePort {
        public final Map<TenantId, Map<EventKey, StoredEvent>> byTenant = new HashMap<>();
        /** The customers whose events were stored withheld from the rollups. */
        public final Set<CustomerId> withheld = new HashSet<>();

        @Override
        public Appended append(TenantId tenant, List<FingerprintedEvent> events, Instant receivedAt, Set<CustomerId> withheld) {
            this.withheld.addAll(withheld);
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
     * filters read the events' dimensions; ties between equal times go to the greater source, then id. It also
     * records what it was asked: the meters of each {@code measure} call, and how often active customers and
     * dimensions were read.
     */
    public static final class Usage implements UsageAggregationPort {
        private static final Comparator<UsageEvent> LAST = Comparator.comparing(UsageEvent::time)
                .thenComparing(event -> event.key().source()).thenComparing(event -> event.key().id());

        private final Events events;
        /** The meters of each {@code measure} call, in order. */
        public final List<List<Meter>> measured = new ArrayList<>();
        public int activeCustomerReads;
        public int dimensionReads;

        public Usage(Events events) {
            this.events = events;
        }

        @Override
        public Measurements measure(TenantId tenant, Optional<CustomerId> customer, List<Meter> meters, List<Bucket> buckets, TimeZoneId zone) {
            measured.add(List.copyOf(meters));
            Measurements.Builder measured = Measurements.builder(meters.stream().map(Meter::key).toList(), buckets.size());
            for (Meter meter : meters) {
                List<UsageEvent> ofType = events(tenant, customer).filter(event -> event.type().equals(meter.eventType())).toList();
                if (meter.aggregation() == Aggregation.MAX_CONCURRENT) {
                    peaks(meter, ofType, buckets, measured);
                    continue;
                }
                Function<UsageEvent, Map<String, String>> dimensions = dimensions(tenant, customer, meter, zone.zone());
                for (int i = 0; i < buckets.size(); i++) {
                    int index = i;
                    Bucket bucket = buckets.get(i);
                    Map<List<String>, List<UsageEvent>> groups = new LinkedHashMap<>();
                    ofType.stream().filter(event -> within(event, bucket.start(), bucket.end()))
                            .forEach(event -> groups.computeIfAbsent(groupKey(meter, dimensions.apply(event)), key -> new ArrayList<>()).add(event));
                    for (Map.Entry<List<String>, List<UsageEvent>> group : groups.entrySet()) {
                        List<UsageEvent> matching = group.getValue().stream().filter(event -> matches(meter, dimensions.apply(event))).toList();
                        if (meter.aggregation() == Aggregation.LATEST && customer.isEmpty()) {
                            latestPerCustomer(meter, matching).ifPresent(sum -> measured.put(meter.key(), index, group.getKey(), Measurement.of(sum)));
                        } else {
                            measured.put(meter.key(), i, group.getKey(), measurement(meter, matching, dimensions));
                        }
                    }
                }
            }
            return measured.build();
        }

        /**
         * What a meter reads as an event's dimensions: its own; for a meter that reads items, its item's first (the first
         * event of the item type of the same customer with its value of the join's dimension, by time, source and id),
         * then the @ dimensions of the item's time (the event's own without a join) in {@code zone}, then its own.
         */
        private Function<UsageEvent, Map<String, String>> dimensions(TenantId tenant, Optional<CustomerId> customer, Meter meter, ZoneId zone) {
            if (!meter.readsItems()) {
                return event -> event.data().dimensions();
            }
            Map<List<Object>, UsageEvent> items = new HashMap<>();
            meter.join().ifPresent(join -> events(tenant, customer)
                    .filter(event -> event.type().equals(join.itemType()) && event.subject().isPresent()
                            && event.data().dimensions().containsKey(join.on()))
                    .forEach(event -> items.merge(List.of(event.subject().get(), event.data().dimensions().get(join.on())), event,
                            BinaryOperator.minBy(LAST))));
            return event -> {
                Optional<UsageEvent> item = meter.join().isEmpty() ? Optional.of(event) : meter.join().map(join -> {
                    String value = event.data().dimensions().get(join.on());
                    return value == null || event.subject().isEmpty() ? null : items.get(List.of(event.subject().get(), value));
                });
                Map<String, String> view = new HashMap<>();
                if (meter.join().isPresent()) {
                    item.ifPresent(found -> view.putAll(found.data().dimensions()));
                }
                item.ifPresent(found -> {
                    for (DerivedDimension derived : DerivedDimension.values()) {
                        if (derived != DerivedDimension.FIRST) {
                            view.put(derived.wireName(), derived.valueAt(found.time(), zone));
                        }
                    }
                    if (meter.join().isPresent()) {
                        view.put(DerivedDimension.FIRST.wireName(), DerivedDimension.first(found.key().equals(event.key())));
                    }
                });
                view.putAll(event.data().dimensions());
                return view;
            };
        }

        private static Measurement measurement(Meter meter, List<UsageEvent> matching, Function<UsageEvent, Map<String, String>> dimensions) {
            List<BigDecimal> values = meter.measure().map(name -> matching.stream().map(event -> event.data().measures().get(name))
                    .filter(Objects::nonNull).toList()).orElse(List.of());
            return switch (meter.aggregation()) {
                case COUNT -> Measurement.of(BigDecimal.valueOf(matching.size()));
                case SUM -> Measurement.of(values.stream().reduce(BigDecimal::add).orElse(null));
                case AVG -> new Measurement(values.stream().reduce(BigDecimal::add).orElse(null), values.size());
                case MIN -> Measurement.of(values.stream().min(Comparator.naturalOrder()).orElse(null));
                case MAX -> Measurement.of(values.stream().max(Comparator.naturalOrder()).orElse(null));
                case UNIQUE_COUNT -> Measurement.of(BigDecimal.valueOf(matching.stream()
                        .map(event -> dimensions.apply(event).get(meter.dimension().orElseThrow())).filter(Objects::nonNull).distinct().count()));
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
                if (matches(meter, event.data().dimensions()) && seconds != null && seconds.signum() > 0) {
                    Instant end = event.time().plusNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
                    intervals.computeIfAbsent(groupKey(meter, event.data().dimensions()), key -> new ArrayList<>())
                            .add(new MaxConcurrent.Interval(event.time(), end));
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
            activeCustomerReads++;
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
                    .filter(event -> event.type().equals(meter.eventType()) && within(event, from, to) && matches(meter, event.data().dimensions()))
                    .map(UsageEvent::subject).flatMap(Optional::stream)
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<CustomerId, Long>comparingByValue().reversed().thenComparing(entry -> entry.getKey().value()))
                    .limit(limit).map(entry -> new CustomerCount(entry.getKey(), entry.getValue())).toList();
        }

        @Override
        public Set<String> dimensions(TenantId tenant, EventType type) {
            dimensionReads++;
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

        private static boolean matches(Meter meter, Map<String, String> dimensions) {
            return meter.filters().entrySet().stream().allMatch(filter -> filter.getValue().equals(dimensions.get(filter.getKey())));
        }

        private static List<String> groupKey(Meter meter, Map<String, String> dimensions) {
            return meter.groupBy().stream().map(dimensions::get).collect(Collectors.toList());
        }
    }

    /**
     * Runs the work directly and counts transactions; when the work throws, it puts back the contents of the fakes
     * it was given, as a rollback would (rollback itself is proven against PostgreSQL, in AuditRollbackIT).
     */
    public static final class Transactions implements TransactionPort {
        public int started;
        public int rolledBack;
        private final List<Transactional> stores;

        public Transactions(Transactional... stores) {
            this.stores = List.of(stores);
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            started++;
            List<Runnable> restore = stores.stream().map(Transactional::snapshot).toList();
            try {
                return work.get();
            } catch (RuntimeException | Error failure) {
                restore.forEach(Runnable::run);
                rolledBack++;
                throw failure;
            }
        }
    }

    /** A tenant's own meters by key; a single-threaded store needs no lock, so {@code findForUpdate} is {@code find}. */
    public static final class Meters implements MeterStorePort, Transactional {
        public final Map<TenantId, TreeMap<MeterKey, Meter>> byTenant = new HashMap<>();

        @Override
        public Optional<Meter> find(TenantId tenant, MeterKey key) {
            return Optional.ofNullable(of(tenant).get(key));
        }

        @Override
        public Optional<Meter> findForUpdate(TenantId tenant, MeterKey key) {
            return find(tenant, key);
        }

        @Override
        public List<Meter> list(TenantId tenant) {
            return List.copyOf(of(tenant).values());
        }

        @Override
        public boolean create(TenantId tenant, Meter meter, Instant now) {
            return of(tenant).putIfAbsent(meter.key(), meter) == null;
        }

        @Override
        public boolean update(TenantId tenant, Meter meter, Instant now) {
            return of(tenant).replace(meter.key(), meter) != null;
        }

        @Override
        public boolean delete(TenantId tenant, MeterKey key) {
            return of(tenant).remove(key) != null;
        }

        @Override
        public Runnable snapshot() {
            return restorer(byTenant, TreeMap::new);
        }

        private TreeMap<MeterKey, Meter> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>(Comparator.comparing(MeterKey::value)));
        }
    }

    /** A tenant's own metrics by key; counts the locks taken and the definitions replaced. */
    public static final class Metrics implements MetricStorePort, Transactional {
        public final Map<TenantId, TreeMap<MetricKey, Metric>> byTenant = new HashMap<>();
        public int locks;
        public int updates;

        @Override
        public Optional<Metric> find(TenantId tenant, MetricKey key) {
            return Optional.ofNullable(of(tenant).get(key));
        }

        @Override
        public List<Metric> list(TenantId tenant) {
            return List.copyOf(of(tenant).values());
        }

        /** A single-threaded store needs no lock; it only counts them. */
        @Override
        public void lock(TenantId tenant) {
            locks++;
        }

        @Override
        public boolean create(TenantId tenant, Metric metric, Instant now) {
            return of(tenant).putIfAbsent(metric.key(), metric) == null;
        }

        @Override
        public boolean update(TenantId tenant, Metric metric, Instant now) {
            updates++;
            return of(tenant).replace(metric.key(), metric) != null;
        }

        @Override
        public boolean delete(TenantId tenant, MetricKey key) {
            return of(tenant).remove(key) != null;
        }

        @Override
        public Runnable snapshot() {
            return restorer(byTenant, TreeMap::new);
        }

        private TreeMap<MetricKey, Metric> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        }
    }

    /**
     * Saved queries with their versions and runs, as SavedQueryPersistenceAdapter keeps them: lists oldest first
     * (creation time, then id in its text form, which is PostgreSQL's uuid order), versions newest first, the latest
     * {@value RunStats#RECENT_RUNS} run durations, and their median and 95th percentile as {@code percentile_disc} takes
     * them (the first duration, in ascending order, at or above that fraction of the runs).
     */
    public static final class SavedQueries implements SavedQueryStorePort, Transactional {

        /** One saved query as stored: its current definition, every version (oldest first) and its runs. */
        public record Stored(SavedQuery query, List<SavedQueryVersion> versions, long runCount, Optional<Instant> lastRunAt,
                             List<Long> recentMillis) {

            public Stored {
                versions = List.copyOf(versions);
                recentMillis = List.copyOf(recentMillis);
            }
        }

        private static final Comparator<SavedQuery> OLDEST_FIRST = Comparator.comparing(SavedQuery::createdAt)
                .thenComparing(query -> query.id().toString());

        public final Map<TenantId, Map<UUID, Stored>> byTenant = new HashMap<>();

        @Override
        public void create(TenantId tenant, SavedQuery query, SavedQueryVersion first) {
            if (of(tenant).putIfAbsent(query.id(), new Stored(query, List.of(first), 0, Optional.empty(), List.of())) != null) {
                throw new IllegalStateException("a saved query with the id " + query.id() + " exists already (primary key)");
            }
        }

        @Override
        public Optional<SavedQuery> find(TenantId tenant, UUID id) {
            return Optional.ofNullable(of(tenant).get(id)).map(Stored::query);
        }

        @Override
        public Optional<SavedQuery> findForUpdate(TenantId tenant, UUID id) {
            return find(tenant, id);
        }

        @Override
        public void update(TenantId tenant, SavedQuery query, SavedQueryVersion version) {
            Stored stored = stored(tenant, query.id());
            List<SavedQueryVersion> versions = new ArrayList<>(stored.versions());
            versions.add(version);
            of(tenant).put(query.id(), new Stored(query, versions, stored.runCount(), stored.lastRunAt(), stored.recentMillis()));
        }

        @Override
        public boolean delete(TenantId tenant, UUID id) {
            return of(tenant).remove(id) != null;
        }

        @Override
        public List<SavedQuery> list(TenantId tenant, String subject, Optional<Visibility> visibility, Optional<Cursor> after, int limit) {
            return of(tenant).values().stream().map(Stored::query)
                    .filter(query -> query.owner().equals(subject) || query.definition().visibility() == Visibility.TENANT)
                    .filter(query -> visibility.isEmpty() || query.definition().visibility() == visibility.get())
                    .filter(query -> after.isEmpty() || comesAfter(query, after.get()))
                    .sorted(OLDEST_FIRST).limit(limit).toList();
        }

        @Override
        public List<SavedQueryVersion> versions(TenantId tenant, UUID id, Optional<Integer> before, int limit) {
            Stored stored = of(tenant).get(id);
            if (stored == null) {
                return List.of();
            }
            return stored.versions().stream().filter(version -> before.isEmpty() || version.version() < before.get())
                    .sorted(Comparator.comparingInt(SavedQueryVersion::version).reversed()).limit(limit).toList();
        }

        @Override
        public void recordRun(TenantId tenant, UUID id, Instant at, long millis) {
            Stored stored = stored(tenant, id);
            List<Long> recent = new ArrayList<>(stored.recentMillis());
            recent.add(millis);
            if (recent.size() > RunStats.RECENT_RUNS) {
                recent = recent.subList(recent.size() - RunStats.RECENT_RUNS, recent.size());
            }
            Instant last = stored.lastRunAt().filter(before -> before.isAfter(at)).orElse(at);
            of(tenant).put(id, new Stored(stored.query(), stored.versions(), stored.runCount() + 1, Optional.of(last), recent));
        }

        @Override
        public Map<UUID, RunStats> stats(TenantId tenant, Collection<UUID> ids) {
            Map<UUID, RunStats> stats = new HashMap<>();
            for (UUID id : ids) {
                Stored stored = of(tenant).get(id);
                if (stored != null) {
                    List<Long> sorted = stored.recentMillis().stream().sorted().toList();
                    stats.put(id, new RunStats(stored.runCount(), stored.lastRunAt(), percentile(sorted, "0.5"), percentile(sorted, "0.95")));
                }
            }
            return stats;
        }

        private static boolean comesAfter(SavedQuery query, Cursor cursor) {
            int byTime = query.createdAt().compareTo(cursor.createdAt());
            return byTime > 0 || (byTime == 0 && query.id().toString().compareTo(cursor.id().toString()) > 0);
        }

        private static Optional<Long> percentile(List<Long> sorted, String fraction) {
            if (sorted.isEmpty()) {
                return Optional.empty();
            }
            int position = new BigDecimal(fraction).multiply(BigDecimal.valueOf(sorted.size())).setScale(0, RoundingMode.CEILING).intValueExact();
            return Optional.of(sorted.get(Math.max(position, 1) - 1));
        }

        private Stored stored(TenantId tenant, UUID id) {
            Stored stored = of(tenant).get(id);
            if (stored == null) {
                throw new IllegalStateException("no saved query " + id + " (foreign key)");
            }
            return stored;
        }

        @Override
        public Runnable snapshot() {
            return restorer(byTenant, LinkedHashMap::new);
        }

        private Map<UUID, Stored> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        }
    }

    /**
     * Subscription versions and payments per tenant, with the customers' profiles (signups, countries) read from a
     * {@link Customers} store, whose customers the facts must name. Counts the reads of each kind, so a test can show
     * that one billing session reads each once.
     */
    public static final class Billing implements BillingStorePort, Transactional {
        public final Map<TenantId, List<SubscriptionVersion>> versionsByTenant = new HashMap<>();
        public final Map<TenantId, Map<BillingId, Payment>> paymentsByTenant = new HashMap<>();
        public int versionReads;
        public int paymentReads;
        public int signupReads;
        public int countryReads;
        private final Customers customers;

        public Billing(Customers customers) {
            this.customers = customers;
        }

        @Override
        public Optional<SubscriptionVersion> insertVersion(TenantId tenant, SubscriptionVersion version, Instant now) {
            requireCustomer(tenant, version.customer());
            Optional<SubscriptionVersion> there = versionsOf(tenant).stream()
                    .filter(other -> other.subscription().equals(version.subscription()) && other.effectiveAt().equals(version.effectiveAt()))
                    .findFirst();
            if (there.isEmpty()) {
                versionsOf(tenant).add(version);
            }
            return there;
        }

        @Override
        public List<SubscriptionVersion> history(TenantId tenant, BillingId subscription) {
            return versionsOf(tenant).stream().filter(version -> version.subscription().equals(subscription))
                    .sorted(Comparator.comparing(SubscriptionVersion::effectiveAt)).toList();
        }

        @Override
        public List<SubscriptionVersion> versions(TenantId tenant) {
            versionReads++;
            return List.copyOf(versionsOf(tenant));
        }

        @Override
        public List<SubscriptionVersion> versions(TenantId tenant, CustomerId customer) {
            versionReads++;
            return versionsOf(tenant).stream().filter(version -> version.customer().equals(customer)).toList();
        }

        @Override
        public boolean insertPayment(TenantId tenant, Payment payment, Instant now) {
            requireCustomer(tenant, payment.customer());
            return paymentsOf(tenant).putIfAbsent(payment.id(), payment) == null;
        }

        @Override
        public Optional<Payment> findPaymentForUpdate(TenantId tenant, BillingId payment) {
            return Optional.ofNullable(paymentsOf(tenant).get(payment));
        }

        @Override
        public void updatePayment(TenantId tenant, Payment payment, Instant now) {
            if (paymentsOf(tenant).replace(payment.id(), payment) == null) {
                throw new IllegalStateException("no payment " + payment.id());
            }
        }

        @Override
        public List<Payment> payments(TenantId tenant, Instant start, Instant end) {
            paymentReads++;
            return paymentsOf(tenant).values().stream().filter(payment -> within(payment.paidAt(), start, end)
                    || payment.refunds().stream().anyMatch(refund -> within(refund.refundedAt(), start, end))).toList();
        }

        @Override
        public List<Payment> payments(TenantId tenant, CustomerId customer) {
            paymentReads++;
            return paymentsOf(tenant).values().stream().filter(payment -> payment.customer().equals(customer)).toList();
        }

        @Override
        public Map<Optional<CountryCode>, Long> signupsByCountry(TenantId tenant, Instant start, Instant end) {
            return signedUp(tenant, Optional.empty(), start, end)
                    .collect(Collectors.groupingBy(customer -> customer.profile().country(), Collectors.counting()));
        }

        @Override
        public List<Signup> signups(TenantId tenant, Optional<CustomerId> customer, Instant start, Instant end) {
            signupReads++;
            return signedUp(tenant, customer, start, end)
                    .map(found -> new Signup(found.id(), found.profile().signedUpAt().orElseThrow(), found.profile().country(),
                            found.profile().plan()))
                    .sorted(Comparator.comparing(Signup::signedUpAt)).toList();
        }

        @Override
        public Map<CustomerId, CountryCode> countries(TenantId tenant, Set<CustomerId> ids) {
            countryReads++;
            Map<CustomerId, CountryCode> countries = new HashMap<>();
            for (CustomerId id : ids) {
                customers.find(tenant, id).flatMap(found -> found.profile().country()).ifPresent(country -> countries.put(id, country));
            }
            return countries;
        }

        private Stream<Customer> signedUp(TenantId tenant, Optional<CustomerId> customer, Instant start, Instant end) {
            return customers.byTenant.getOrDefault(tenant, new TreeMap<>()).values().stream()
                    .filter(found -> customer.isEmpty() || found.id().equals(customer.get()))
                    .filter(found -> found.profile().signedUpAt().filter(at -> within(at, start, end)).isPresent());
        }

        private void requireCustomer(TenantId tenant, CustomerId customer) {
            if (customers.find(tenant, customer).isEmpty()) {
                throw new IllegalStateException("no customer " + customer + " (foreign key)");
            }
        }

        private static boolean within(Instant instant, Instant start, Instant end) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }

        private List<SubscriptionVersion> versionsOf(TenantId tenant) {
            return versionsByTenant.computeIfAbsent(tenant, t -> new ArrayList<>());
        }

        private Map<BillingId, Payment> paymentsOf(TenantId tenant) {
            return paymentsByTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        }

        @Override
        public Runnable snapshot() {
            Runnable versions = restorer(versionsByTenant, ArrayList::new);
            Runnable payments = restorer(paymentsByTenant, LinkedHashMap::new);
            return () -> {
                versions.run();
                payments.run();
            };
        }
    }

    /** A tenant's plans by key. */
    /** Consent statements per tenant and customer, in the order recorded. */
    public static final class Consents implements io.tally.application.port.out.privacy.ConsentStorePort {
        private final Map<TenantId, Map<CustomerId, List<io.tally.domain.privacy.ConsentRecord>>> byTenant = new HashMap<>();

        @Override
        public void append(TenantId tenant, io.tally.domain.privacy.ConsentRecord record) {
            byTenant.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(record.customer(), c -> new ArrayList<>()).add(record);
        }

        @Override
        public List<io.tally.domain.privacy.ConsentRecord> history(TenantId tenant, CustomerId customer) {
            return List.copyOf(byTenant.getOrDefault(tenant, Map.of()).getOrDefault(customer, List.of()));
        }

        @Override
        public Map<CustomerId, List<io.tally.domain.privacy.ConsentRecord>> histories(TenantId tenant, Set<CustomerId> customers,
                                                                                      Set<String> categories) {
            Map<CustomerId, List<io.tally.domain.privacy.ConsentRecord>> found = new HashMap<>();
            for (CustomerId customer : customers) {
                List<io.tally.domain.privacy.ConsentRecord> of = history(tenant, customer).stream()
                        .filter(record -> categories.contains(record.category())).toList();
                if (!of.isEmpty()) {
                    found.put(customer, of);
                }
            }
            return found;
        }
    }

    public static final class Plans implements PlanStorePort {
        public final Map<TenantId, TreeMap<String, Plan>> byTenant = new HashMap<>();

        @Override
        public boolean create(TenantId tenant, Plan plan, Instant now) {
            return of(tenant).putIfAbsent(plan.key(), plan) == null;
        }

        @Override
        public boolean update(TenantId tenant, Plan plan, Instant now) {
            return of(tenant).replace(plan.key(), plan) != null;
        }

        @Override
        public Optional<Plan> find(TenantId tenant, String key) {
            return Optional.ofNullable(of(tenant).get(key));
        }

        @Override
        public List<Plan> list(TenantId tenant) {
            return List.copyOf(of(tenant).values());
        }

        private TreeMap<String, Plan> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        }
    }

    /**
     * Copies a store's contents per tenant (their values are immutable, or copied by {@code copy}); the result puts
     * them back.
     */
    private static <K, C> Runnable restorer(Map<K, C> byTenant, Function<C, C> copy) {
        Map<K, C> saved = new HashMap<>();
        byTenant.forEach((tenant, contents) -> saved.put(tenant, copy.apply(contents)));
        return () -> {
            byTenant.clear();
            saved.forEach((tenant, contents) -> byTenant.put(tenant, copy.apply(contents)));
        };
    }

    private InMemoryStores() {
    }

    /**
     * The ingestion side of privacy: the customers marked erased (by id, as the persistence recognises them by their
     * tombstone) and restricted. The data operations run on PostgreSQL only (PrivacyRequestIT).
     */
    public static final class Privacy implements io.tally.application.port.out.privacy.PrivacyDataPort {
        public final Set<CustomerId> erased = new HashSet<>();
        public final Set<CustomerId> restricted = new HashSet<>();

        @Override
        public SubjectStates subjectStates(TenantId tenant, Set<CustomerId> subjects) {
            Set<CustomerId> gone = new HashSet<>(subjects);
            gone.retainAll(erased);
            Set<CustomerId> withheld = new HashSet<>(subjects);
            withheld.retainAll(restricted);
            return new SubjectStates(gone, withheld);
        }

        @Override
        public boolean isErased(TenantId tenant, CustomerId id) {
            return erased.contains(id);
        }

        @Override
        public Map<String, Long> restrict(TenantId tenant, CustomerId customer, Instant at, UUID request) {
            throw new AssertionError("not used by these tests");
        }

        @Override
        public Map<String, Long> lift(TenantId tenant, CustomerId customer, UUID request) {
            throw new AssertionError("not used by these tests");
        }

        @Override
        public Erasure erase(TenantId tenant, CustomerId customer, UUID request, Instant at) {
            throw new AssertionError("not used by these tests");
        }

        @Override
        public void rows(TenantId tenant, CustomerId customer, Section section, java.util.function.Consumer<String> row) {
            throw new AssertionError("not used by these tests");
        }
    }
}
