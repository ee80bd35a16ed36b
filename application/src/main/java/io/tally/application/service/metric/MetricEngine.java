package io.tally.application.service.metric;

import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.DerivedDimension;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricEvaluator;
import io.tally.domain.metric.Series;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Measures metrics over buckets: the one way every figure of Tally is computed. For each requested metric it
 * finds what the metric is made of ({@link MetricCatalog#leaves}), measures all meters of all requests in
 * one call to the usage store (which batches them by event type and grouping), asks the billing figures for
 * billing measures, and lets {@link MetricEvaluator} derive the rest.
 *
 * <p>A request's grouping applies to every meter underneath it (replacing a meter's own grouping; without one
 * a meter keeps its own), and so do its filters. Money is never added across currencies: a meter of a money
 * measure is always split by {@code currency} as well.
 */
public final class MetricEngine {

    /** One figure asked for: a metric, split by {@code groupBy} (empty: as its meters are), of the events matching {@code filters}. */
    public record Request(Metric metric, Optional<List<String>> groupBy, Map<String, String> filters) {

        public Request {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(groupBy, "groupBy");
            groupBy = groupBy.map(List::copyOf);
            filters = Map.copyOf(filters);
        }

        public static Request of(Metric metric) {
            return new Request(metric, Optional.empty(), Map.of());
        }

        public static Request groupedBy(Metric metric, List<String> groupBy) {
            return new Request(metric, Optional.of(groupBy), Map.of());
        }
    }

    /**
     * Whose figures: the tenant's, or one customer's; {@code now} ends buckets that have not ended yet (billing),
     * and {@code zone} is the timezone the buckets are cut in (billing's calendar months too).
     */
    public record Scope(TenantId tenant, Optional<CustomerId> customer, Instant now, TimeZoneId zone) {

        public Scope {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(zone, "zone");
        }
    }

    private final UsageAggregationPort usage;
    private final MeterStorePort meters;
    private final BillingFigures billing;

    public MetricEngine(UsageAggregationPort usage, MeterStorePort meters, BillingFigures billing) {
        this.usage = Objects.requireNonNull(usage, "usage");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.billing = Objects.requireNonNull(billing, "billing");
    }

    /** Whether any request needs billing facts (which only analysts and above may read). */
    public static boolean needsBilling(MetricCatalog catalog, List<Request> requests) {
        return requests.stream().anyMatch(request -> !catalog.leaves(request.metric()).billing().isEmpty());
    }

    /** Each request's values over the buckets (which follow one another without gaps), in the requests' order. */
    public List<Series> evaluate(MetricCatalog catalog, Scope scope, List<Request> requests, List<Bucket> buckets) {
        List<Map<MeterKey, Meter>> leafMeters = new ArrayList<>(requests.size());
        List<Meter> toMeasure = new ArrayList<>();
        boolean active = false;
        for (Request request : requests) {
            MetricCatalog.Leaves leaves = catalog.leaves(request.metric());
            Map<MeterKey, Meter> narrowed = new LinkedHashMap<>();
            Request measuredAs = measuredAs(request);
            for (MeterKey key : leaves.meters()) {
                Meter meter = meter(scope.tenant(), key);
                Meter leaf = leaf(meter, measuredAs, toMeasure.size());
                narrowed.put(key, leaf);
                toMeasure.add(leaf);
            }
            for (BillingMeasure measure : leaves.billing()) {
                checkBilling(measure, request);
            }
            active |= leaves.activeCustomers();
            leafMeters.add(narrowed);
        }
        Measurements measured = toMeasure.isEmpty() ? null : usage.measure(scope.tenant(), scope.customer(), toMeasure, buckets, scope.zone());
        Series activeCustomers = active ? activeCustomers(scope, buckets) : null;
        Map<List<Object>, Series> billingSeries = new HashMap<>();
        BillingFigures.Session[] session = new BillingFigures.Session[1];
        List<Series> results = new ArrayList<>(requests.size());
        for (int r = 0; r < requests.size(); r++) {
            Request request = requests.get(r);
            Map<MeterKey, Meter> narrowed = leafMeters.get(r);
            MetricEvaluator evaluator = new MetricEvaluator(catalog, new MetricEvaluator.Measured() {
                @Override
                public Series meter(MeterKey meter) {
                    Meter leaf = narrowed.get(meter);
                    return seriesOf(leaf, measured.of(leaf.key()));
                }

                @Override
                public Series billing(BillingMeasure measure) {
                    Optional<String> groupBy = request.groupBy().filter(list -> !list.isEmpty()).map(List::getFirst);
                    return billingSeries.computeIfAbsent(List.of(measure, groupBy), key -> {
                        if (session[0] == null) {
                            session[0] = billing.open(scope.tenant(), scope.customer(), buckets, scope.now(), scope.zone());
                        }
                        return session[0].measure(measure, groupBy);
                    });
                }

                @Override
                public Series activeCustomers() {
                    return activeCustomers;
                }
            });
            results.add(evaluator.evaluate(request.metric()));
        }
        return results;
    }

    /** The request as its meters are measured: a per-item figure's split by its item dimension as well. */
    static Request measuredAs(Request request) {
        if (!(request.metric().formula() instanceof Formula.PerItem perItem)) {
            return request;
        }
        List<String> groupBy = new ArrayList<>(request.groupBy().orElse(List.of()));
        if (!groupBy.contains(perItem.dimension())) {
            groupBy.add(perItem.dimension());
        }
        return new Request(request.metric(), Optional.of(groupBy), request.filters());
    }

    private Meter meter(TenantId tenant, MeterKey key) {
        return BuiltInMeters.find(key).or(() -> meters.find(tenant, key))
                .orElseThrow(() -> new InvalidValueException("metric", "the meter '" + key + "' it is measured with no longer exists"));
    }

    /**
     * The meter as this request measures it: its filters and the request's, the request's grouping (else its
     * own), split by currency when it adds up money or is split by currency of its own (a count per currency, to
     * divide money by), under a key of its own so that one meter measured two ways in one call keeps both answers
     * apart.
     */
    static Meter leaf(Meter meter, Request request, int index) {
        List<String> groupBy = new ArrayList<>(request.groupBy().orElse(meter.groupBy()));
        boolean money = meter.measure().filter(EventData.MONEY_MEASURES::contains).isPresent();
        if ((money || meter.groupBy().contains(BillingMeasure.CURRENCY)) && !groupBy.contains(BillingMeasure.CURRENCY)) {
            if (groupBy.size() >= Meter.MAX_MEASURED_GROUP_BY) {
                throw new InvalidValueException("group_by", "'" + meter.key() + "' is always split by currency: "
                        + "group it by at most " + (Meter.MAX_MEASURED_GROUP_BY - 1) + " other dimensions");
            }
            groupBy.add(BillingMeasure.CURRENCY);
        }
        Map<String, String> filters = new LinkedHashMap<>(meter.filters());
        filters.putAll(request.filters());
        return new Meter(MeterKey.of("leaf_" + index), meter.name(), meter.description(), meter.eventType(), meter.aggregation(),
                meter.measure(), meter.dimension(), filters, groupBy, meter.divisor(), meter.decimals(), meter.builtIn(), meter.join());
    }

    /**
     * Fails unless every dimension the requests group or filter by, besides a meter's own grouping, is one the
     * meter's events have carried (400 naming {@code group_by} or {@code filters}): for what someone asked, since a
     * typo would otherwise answer an empty figure.
     */
    public void checkDimensions(MetricCatalog catalog, TenantId tenant, List<Request> requests) {
        Map<MeterKey, Set<String>> cache = new HashMap<>();
        for (Request request : requests) {
            for (MeterKey key : catalog.leaves(request.metric()).meters()) {
                checkDimensions(tenant, meter(tenant, key), measuredAs(request), cache);
            }
        }
    }

    private void checkDimensions(TenantId tenant, Meter meter, Request request, Map<MeterKey, Set<String>> cache) {
        for (String dimension : request.groupBy().orElse(List.of())) {
            if (!meter.groupBy().contains(dimension) && !known(tenant, meter, dimension, cache)) {
                throw new InvalidValueException("group_by", "'" + dimension + "' is not a dimension of " + eventsOf(meter));
            }
        }
        for (String dimension : request.filters().keySet()) {
            if (!known(tenant, meter, dimension, cache)) {
                throw new InvalidValueException("filters", "'" + dimension + "' is not a dimension of " + eventsOf(meter));
            }
        }
    }

    /**
     * Whether the meter's events can have the dimension: one they or their items have carried, or an @ dimension it can
     * read. Before any of them carried a dimension (no such events yet) there is nothing to check against, and every
     * dimension passes: the answer is empty either way, and a report about them shows "no data" rather than failing.
     */
    private boolean known(TenantId tenant, Meter meter, String dimension, Map<MeterKey, Set<String>> cache) {
        Optional<DerivedDimension> derived = DerivedDimension.find(dimension);
        if (derived.isPresent()) {
            return !derived.get().needsJoin() || meter.join().isPresent();
        }
        Set<String> carried = cache.computeIfAbsent(meter.key(), key -> {
            Set<String> names = new HashSet<>(usage.dimensions(tenant, meter.eventType()));
            meter.join().ifPresent(join -> names.addAll(usage.dimensions(tenant, join.itemType())));
            return names;
        });
        return carried.isEmpty() || carried.contains(dimension);
    }

    private static String eventsOf(Meter meter) {
        return meter.eventType() + " events" + meter.join().map(join -> " or of their " + join.itemType() + " items").orElse("");
    }

    private static void checkBilling(BillingMeasure measure, Request request) {
        if (!request.filters().isEmpty()) {
            throw new InvalidValueException("filters", "filters select usage events; '" + measure.wireName()
                    + "' is a billing figure, which cannot be filtered");
        }
        List<String> groupBy = request.groupBy().orElse(List.of());
        if (groupBy.size() > 1 || (groupBy.size() == 1 && !measure.groupable().contains(groupBy.getFirst()))) {
            throw new InvalidValueException("group_by", "the billing figure '" + measure.wireName() + "' can be split by "
                    + (measure.groupable().isEmpty() ? "nothing" : "one of " + String.join(", ", measure.groupable().stream().sorted().toList()))
                    + (measure.isPerCurrency() ? " (and always is by currency)" : ""));
        }
    }

    /** A leaf meter's values from its measurements. */
    private static Series seriesOf(Meter meter, Measurements.Series measurements) {
        List<Map<List<String>, BigDecimal>> values = new ArrayList<>(measurements.size());
        for (Measurements.Groups bucket : measurements.buckets()) {
            Map<List<String>, BigDecimal> bucketValues = new HashMap<>();
            bucket.forEach((key, measurement) -> bucketValues.put(key, meter.valueOf(measurement)));
            values.add(bucketValues);
        }
        return Series.of(meter.groupBy(), values, meter.valueOf(Measurement.NONE));
    }

    private Series activeCustomers(Scope scope, List<Bucket> buckets) {
        long[] counts = usage.activeCustomers(scope.tenant(), scope.customer(), buckets);
        List<Map<List<String>, BigDecimal>> values = new ArrayList<>(counts.length);
        for (long count : counts) {
            values.add(Map.of(List.of(), BigDecimal.valueOf(count)));
        }
        return Series.of(List.of(), values, BigDecimal.ZERO);
    }
}
