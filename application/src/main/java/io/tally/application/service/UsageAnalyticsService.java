package io.tally.application.service;

import io.tally.application.port.in.analytics.AnalyticsQuery;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.CallActivity;
import io.tally.application.port.in.analytics.Figure;
import io.tally.application.port.in.analytics.GetCallActivityUseCase;
import io.tally.application.port.in.analytics.GetUsageSummaryUseCase;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.analytics.UsageQuery;
import io.tally.application.port.in.analytics.UsageSummary;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.ReadReplicaPort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.application.service.metric.MetricEngine;
import io.tally.application.service.metric.MetricEngine.Request;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Buckets;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.FigureValue;
import io.tally.domain.analytics.Figures;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.PersonalData;
import io.tally.domain.common.Money;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.metric.Series;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The usage figures: summaries, call activity and ad-hoc questions about a meter or metrics, every one of them
 * computed by the {@link MetricEngine} from the metric catalogue. A customer's figures are cut in the customer's
 * timezone (else the tenant's, else UTC) unless the request names one; the tenant's in the tenant's. A
 * customer-scoped token sees its own customers only and no tenant-wide figure; billing figures need the analyst
 * role.
 */
public final class UsageAnalyticsService implements GetUsageSummaryUseCase, GetCallActivityUseCase, QueryAnalyticsUseCase {

    /** A dimension value that an event did not carry, as it shows in breakdowns. */
    public static final String NONE = "(none)";
    static final int TOP_CUSTOMERS = 10;

    private static final Metric CALLS = BuiltInMetrics.get(BuiltInMeters.CALLS);
    private static final Metric COMPLETED_CALLS = BuiltInMetrics.get(BuiltInMeters.COMPLETED_CALLS);
    private static final Metric SUCCESS_RATE = BuiltInMetrics.get(BuiltInMetrics.SUCCESS_RATE);
    private static final Metric AVERAGE_DURATION = BuiltInMetrics.get(BuiltInMeters.CALL_DURATION_AVG_S);
    private static final Metric CALL_COST = BuiltInMetrics.get(BuiltInMeters.CALL_COST);

    private final UsageAggregationPort usage;
    private final CustomerStorePort customers;
    private final MetricStorePort metrics;
    private final TenantService tenants;
    private final MeterService meters;
    private final MetricEngine engine;
    private final ReadReplicaPort replica;
    private final Clock clock;

    /** Every figure read on the primary. */
    public UsageAnalyticsService(UsageAggregationPort usage, CustomerStorePort customers, MetricStorePort metrics, TenantService tenants,
                                 MeterService meters, MetricEngine engine, Clock clock) {
        this(usage, customers, metrics, tenants, meters, engine, ReadReplicaPort.PRIMARY_ONLY, clock);
    }

    /** Summaries and queries read where {@code replica} says (a read replica when there is one and it is usable). */
    public UsageAnalyticsService(UsageAggregationPort usage, CustomerStorePort customers, MetricStorePort metrics, TenantService tenants,
                                 MeterService meters, MetricEngine engine, ReadReplicaPort replica, Clock clock) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public UsageSummary getUsageSummary(UsageQuery query) {
        ReadReplicaPort.Replicated<UsageSummary> read = replica.read(() -> summary(query));
        return read.value().withAsOf(read.asOf());
    }

    private UsageSummary summary(UsageQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        Period period = query.period().resolve(scope.zone(), clock.instant());
        Period previous = period.previous();
        List<Metric> figures = BuiltInMeters.USAGE_SUMMARY.stream().map(BuiltInMetrics::get).toList();
        // one bucket for the period before and one for the period: they follow each other without a gap
        List<Bucket> buckets = List.of(new Bucket(previous.start(), previous.end(), "previous"), new Bucket(period.start(), period.end(), "current"));
        List<Series> measured = engine.evaluate(MetricCatalog.of(List.of()), engineScope(query.actor(), scope), figures.stream()
                .map(Request::of).toList(), buckets);
        List<Figure> result = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            result.add(figure(figures.get(i), measured.get(i)));
        }
        Optional<List<UsageSummary.TopCustomer>> top = scope.customer().isPresent() ? Optional.empty()
                : Optional.of(topCustomers(query.actor(), period));
        return new UsageSummary(period, result, top);
    }

    @Override
    public CallActivity getCallActivity(UsageQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        Period period = query.period().resolve(scope.zone(), clock.instant());
        MetricEngine.Scope whose = engineScope(query.actor(), scope);
        MetricCatalog catalog = MetricCatalog.of(List.of());
        List<String> byOutcome = List.of("outcome");
        List<String> byAgent = List.of("agent");
        List<Series> whole = engine.evaluate(catalog, whose, List.of(Request.of(CALLS), Request.of(COMPLETED_CALLS),
                Request.of(SUCCESS_RATE), Request.of(AVERAGE_DURATION), Request.of(CALL_COST), Request.groupedBy(CALLS, byOutcome),
                Request.groupedBy(CALLS, byAgent), Request.groupedBy(COMPLETED_CALLS, byAgent), Request.groupedBy(SUCCESS_RATE, byAgent)),
                List.of(new Bucket(period.start(), period.end(), "period")));
        List<Bucket> days = Buckets.of(period, BucketSize.DAY);
        Series daily = engine.evaluate(catalog, whose, List.of(Request.of(CALLS)), days).getFirst();

        long total = whole.get(0).value(0, List.of()).longValueExact();
        long done = whole.get(1).value(0, List.of()).longValueExact();
        List<Money> money = new ArrayList<>();
        breakdown(whole.get(4)).forEach((currency, amount) -> {
            if (!NONE.equals(currency) && CurrencyCode.isValid(currency)) {
                money.add(new Money(amount, CurrencyCode.of(currency)));
            }
        });
        money.sort(Comparator.comparing(m -> m.currency().value()));
        Map<String, Long> outcomes = new TreeMap<>();
        breakdown(whole.get(5)).forEach((outcome, count) -> outcomes.put(outcome, count.longValueExact()));
        Map<String, BigDecimal> completedPerAgent = breakdown(whole.get(7));
        Map<String, BigDecimal> ratePerAgent = breakdown(whole.get(8));
        List<CallActivity.AgentActivity> agents = new ArrayList<>();
        breakdown(whole.get(6)).forEach((agent, count) -> agents.add(new CallActivity.AgentActivity(agent, count.longValueExact(),
                completedPerAgent.getOrDefault(agent, BigDecimal.ZERO).longValueExact(), ratePerAgent.get(agent))));
        agents.sort(Comparator.comparingLong(CallActivity.AgentActivity::calls).reversed().thenComparing(CallActivity.AgentActivity::agent));
        List<CallActivity.DailyCalls> perDay = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            perDay.add(new CallActivity.DailyCalls(LocalDate.parse(days.get(i).label()), daily.value(i, List.of()).longValueExact()));
        }
        return new CallActivity(period, total, done, whole.get(2).value(0, List.of()), whole.get(3).value(0, List.of()), money, outcomes,
                agents, perDay);
    }

    /** A question checked and ready: whose, the catalogue it reads, the metrics asked, the requests, the period. */
    private record Prepared(Scope scope, MetricCatalog catalog, List<Metric> asked, Optional<Meter> meter, List<Request> series,
                            Period period) {
    }

    private Prepared prepare(AnalyticsQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        MetricCatalog catalog;
        List<Metric> asked = new ArrayList<>();
        Optional<Meter> meter = Optional.empty();
        if (query.meter().isPresent()) {
            Meter base = meter(query.actor(), query.meter().get());
            Metric asMetric = BuiltInMeters.isBuiltIn(base.key()) ? BuiltInMetrics.get(base.key()) : BuiltInMetrics.ofMeter(base, Polarity.NEUTRAL, false);
            catalog = MetricCatalog.of(List.of(asMetric));
            asked.add(asMetric);
            meter = Optional.of(base);
        } else {
            catalog = MetricCatalog.of(metrics.list(query.actor().tenant()));
            for (int i = 0; i < query.metrics().size(); i++) {
                MetricKey key = query.metrics().get(i);
                String field = query.metrics().size() == 1 ? "metric" : "metrics[" + i + "]";
                asked.add(catalog.find(key).orElseThrow(() -> new InvalidValueException(field,
                        "'" + key + "' is not a metric of this tenant; GET /api/v1/metrics lists them")));
            }
        }
        Optional<List<String>> grouping = query.groupBy().isEmpty() ? Optional.empty() : Optional.of(query.groupBy());
        List<Request> series = asked.stream().map(metric -> new Request(metric, grouping, query.filters())).toList();
        if (MetricEngine.needsBilling(catalog, series)) {
            requireAnalyst(query.actor());
        }
        return new Prepared(scope, catalog, asked, meter, series, query.period().resolve(scope.zone(), clock.instant()));
    }

    @Override
    public Period periodOf(AnalyticsQuery query) {
        return prepare(query).period();
    }

    /** The answer, read on the read replica when there is one that can answer (its {@code asOf} then says how fresh). */
    @Override
    public AnalyticsResult queryAnalytics(AnalyticsQuery query) {
        ReadReplicaPort.Replicated<AnalyticsResult> read = replica.read(() -> answer(query));
        return read.value().withAsOf(read.asOf());
    }

    private AnalyticsResult answer(AnalyticsQuery query) {
        Prepared prepared = prepare(query);
        Scope scope = prepared.scope();
        MetricCatalog catalog = prepared.catalog();
        List<Metric> asked = prepared.asked();
        Optional<Meter> meter = prepared.meter();
        List<Request> series = prepared.series();
        engine.checkDimensions(catalog, query.actor().tenant(), series);
        Period period = prepared.period();
        boolean grouped = !query.groupBy().isEmpty() || asked.stream().anyMatch(metric -> mayBeGrouped(catalog, metric, query.actor()));
        boolean totalsOnly = query.definition().totalsOnly();
        long cells = (totalsOnly ? 1 : Buckets.count(period, query.bucket())) * (grouped ? query.limit() : 1) * asked.size();
        if (cells > AnalyticsQuery.MAX_CELLS) {
            throw new InvalidValueException("bucket", "the answer would hold up to " + cells + " cells (buckets × groups"
                    + (asked.size() > 1 ? " × metrics" : "") + "); at most " + AnalyticsQuery.MAX_CELLS
                    + " are allowed: use a larger bucket, a shorter period or a lower limit");
        }
        List<Bucket> buckets = totalsOnly ? List.of(new Bucket(period.start(), period.end(), "period")) : Buckets.of(period, query.bucket());
        List<Bucket> totals = new ArrayList<>();
        Period previous = period.previous();
        if (query.compare()) {
            totals.add(new Bucket(previous.start(), previous.end(), "previous"));
        }
        totals.add(new Bucket(period.start(), period.end(), "current"));
        MetricEngine.Scope whose = engineScope(query.actor(), scope);
        List<Series> values = engine.evaluate(catalog, whose, series, buckets);
        List<Request> totalRequests = new ArrayList<>(series);
        asked.forEach(metric -> totalRequests.add(new Request(metric, Optional.of(List.of()), query.filters())));
        List<Series> whole = engine.evaluate(catalog, whose, totalRequests, totals);

        List<AnalyticsResult.SeriesResult> results = new ArrayList<>();
        Optional<Kept> kept = query.definition().having().map(having -> kept(having, whole.get(query.metrics().indexOf(having.metric()))));
        int leader = query.orderBy().map(key -> query.metrics().indexOf(key)).orElse(-1);
        Optional<AnalyticsResult.SeriesResult> led = leader < 0 ? Optional.empty()
                : Optional.of(seriesResult(query, asked.get(leader), meter, values.get(leader), whole.get(leader), whole.get(asked.size() + leader),
                Optional.empty(), kept));
        for (int i = 0; i < asked.size(); i++) {
            results.add(i == leader ? led.orElseThrow() : seriesResult(query, asked.get(i), meter, values.get(i), whole.get(i),
                    whole.get(asked.size() + i), led, kept));
        }
        return new AnalyticsResult(period, buckets, query.compare(), masked(results, tenants.current(query.actor().tenant()).settings()
                .personalDimensions()));
    }

    /** The results with the values of personal dimensions in their group keys masked ({@link PersonalData}). */
    private static List<AnalyticsResult.SeriesResult> masked(List<AnalyticsResult.SeriesResult> results, Set<String> personal) {
        if (personal.isEmpty()) {
            return results;
        }
        List<AnalyticsResult.SeriesResult> masked = new ArrayList<>(results.size());
        for (AnalyticsResult.SeriesResult result : results) {
            List<String> dimensions = result.dimensions();
            if (dimensions.stream().noneMatch(personal::contains)) {
                masked.add(result);
                continue;
            }
            List<AnalyticsResult.Group> groups = new ArrayList<>(result.groups().size());
            for (AnalyticsResult.Group group : result.groups()) {
                List<String> key = new ArrayList<>(group.key());
                for (int i = 0; i < key.size(); i++) {
                    if (personal.contains(dimensions.get(i))) {
                        key.set(i, PersonalData.mask(key.get(i)));
                    }
                }
                groups.add(new AnalyticsResult.Group(key, group.values(), group.total()));
            }
            masked.add(new AnalyticsResult.SeriesResult(result.metric(), result.meter(), dimensions, groups, result.total(), result.empty()));
        }
        return masked;
    }

    /** The groups a {@code having} keeps: those whose total of its metric over the period is at least its minimum. */
    private record Kept(List<String> dimensions, Set<List<String>> keys) {

        boolean keeps(List<String> dimensions, List<String> key) {
            if (!dimensions.containsAll(this.dimensions)) {
                return true;
            }
            List<String> projected = new ArrayList<>(this.dimensions.size());
            this.dimensions.forEach(dimension -> projected.add(key.get(dimensions.indexOf(dimension))));
            return keys.contains(projected);
        }
    }

    private static Kept kept(QueryDefinition.Having having, Series totals) {
        int current = totals.size() - 1;
        Set<List<String>> keys = new HashSet<>();
        for (List<String> key : totals.keys(current)) {
            BigDecimal value = totals.value(current, key);
            if (value != null && value.compareTo(having.min()) >= 0) {
                keys.add(key);
            }
        }
        return new Kept(totals.dimensions(), keys);
    }

    /** Groups by their values in order, a missing value last: the tie-break of groups with equal totals. */
    private static final Comparator<List<String>> BY_KEY = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /**
     * One metric's groups and its overall total. The groups are ordered by total and the first {@code limit} kept; or,
     * when the question is ordered by another metric ({@code leader}), they are that metric's groups, in its order: each
     * of this metric's groups whose values of the leader's dimensions are one of the leader's groups (a money metric's
     * split by currency gives a group per currency of each).
     */
    private static AnalyticsResult.SeriesResult seriesResult(AnalyticsQuery query, Metric metric, Optional<Meter> meter, Series values,
                                                             Series totals, Series overall, Optional<AnalyticsResult.SeriesResult> leader,
                                                             Optional<Kept> kept) {
        int current = totals.size() - 1;
        Set<List<String>> keys = new LinkedHashSet<>();
        if (!values.isGrouped()) {
            keys.add(List.of());
        } else {
            keys.addAll(totals.keys(current));
            for (int b = 0; b < values.size(); b++) {
                keys.addAll(values.keys(b));
            }
        }
        List<AnalyticsResult.Group> groups = new ArrayList<>();
        for (List<String> key : keys) {
            List<BigDecimal> perBucket = new ArrayList<>(values.size());
            for (int b = 0; b < values.size(); b++) {
                perBucket.add(values.value(b, key));
            }
            groups.add(new AnalyticsResult.Group(key, perBucket, total(query, totals, key)));
        }
        if (kept.isPresent()) {
            groups.removeIf(group -> !kept.get().keeps(values.dimensions(), group.key()));
        }
        Comparator<AnalyticsResult.Group> byTotal = Comparator.comparing(group -> group.total().value(),
                Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()));
        groups.sort((query.descending() ? byTotal.reversed() : byTotal).thenComparing(AnalyticsResult.Group::key, BY_KEY));
        if (leader.isPresent() && !leader.get().dimensions().isEmpty() && values.dimensions().containsAll(leader.get().dimensions())) {
            groups = ledBy(leader.get(), values.dimensions(), groups);
        } else if (groups.size() > query.limit()) {
            groups = new ArrayList<>(groups.subList(0, query.limit()));
        }
        Optional<AnalyticsResult.Total> overallTotal;
        if (!values.isGrouped()) {
            overallTotal = Optional.of(groups.getFirst().total());
        } else if (!overall.isGrouped()) {
            // the metric measured without the grouping (not a sum of the groups, which would be wrong for averages)
            overallTotal = Optional.of(total(query, overall, List.of()));
        } else {
            // still split (money by currency): a total only when there is one group
            Set<List<String>> left = overall.keys(overall.size() - 1);
            overallTotal = left.size() == 1 ? Optional.of(total(query, overall, left.iterator().next())) : Optional.empty();
        }
        return new AnalyticsResult.SeriesResult(metric, meter, values.dimensions(), groups, overallTotal, totals.empty());
    }

    /** The groups whose values of the leader's dimensions are one of the leader's groups, in the leader's order. */
    private static List<AnalyticsResult.Group> ledBy(AnalyticsResult.SeriesResult leader, List<String> dimensions,
                                                     List<AnalyticsResult.Group> groups) {
        List<Integer> at = leader.dimensions().stream().map(dimensions::indexOf).toList();
        Map<List<String>, Integer> rank = new LinkedHashMap<>();
        for (AnalyticsResult.Group group : leader.groups()) {
            rank.putIfAbsent(group.key(), rank.size());
        }
        List<AnalyticsResult.Group> kept = new ArrayList<>();
        for (AnalyticsResult.Group group : groups) {
            List<String> projected = new ArrayList<>(at.size());
            at.forEach(index -> projected.add(group.key().get(index)));
            if (rank.containsKey(projected)) {
                kept.add(group);
            }
        }
        // stable: within one of the leader's groups, still by this metric's total
        kept.sort(Comparator.comparing(group -> {
            List<String> projected = new ArrayList<>(at.size());
            at.forEach(index -> projected.add(group.key().get(index)));
            return rank.get(projected);
        }));
        return kept;
    }

    private static AnalyticsResult.Total total(AnalyticsQuery query, Series totals, List<String> key) {
        BigDecimal value = totals.value(totals.size() - 1, key);
        if (!query.compare()) {
            return new AnalyticsResult.Total(value, null, null);
        }
        BigDecimal before = totals.value(0, key);
        return new AnalyticsResult.Total(value, before, Figures.growthPercent(value, before));
    }

    /** Whether a metric's answer may be split without a group_by: a meter of its own grouping, or money (by currency). */
    private boolean mayBeGrouped(MetricCatalog catalog, Metric metric, Actor actor) {
        MetricCatalog.Leaves leaves = catalog.leaves(metric);
        if (leaves.billing().stream().anyMatch(BillingMeasure::isPerCurrency)) {
            return true;
        }
        for (MeterKey key : leaves.meters()) {
            Meter leaf = meter(actor, key);
            if (leaf.isGrouped() || BuiltInMetrics.unitOf(leaf) == MetricUnit.MONEY) {
                return true;
            }
        }
        return false;
    }

    private Meter meter(Actor actor, MeterKey key) {
        try {
            return meters.resolve(actor, key);
        } catch (NotFoundException unknown) {
            throw new InvalidValueException("meter", "'" + key + "' is not a meter of this tenant; GET /api/v1/meters lists them");
        }
    }

    private static void requireAnalyst(Actor actor) {
        boolean analyst = actor.kind() == Actor.Kind.USER && actor.roles().stream().anyMatch(role -> role.includes(Role.ANALYST));
        if (!analyst) {
            throw new ForbiddenException("billing figures need the analyst role");
        }
    }

    private List<UsageSummary.TopCustomer> topCustomers(Actor actor, Period period) {
        Meter apiCalls = BuiltInMeters.get(BuiltInMeters.API_CALLS_MADE);
        return usage.topCustomers(actor.tenant(), apiCalls, period.start(), period.end(), TOP_CUSTOMERS).stream()
                .map(top -> new UsageSummary.TopCustomer(top.customer().value(),
                        customers.find(actor.tenant(), top.customer()).map(Customer::displayName).orElse(top.customer().value()),
                        top.count()))
                .toList();
    }

    /** A summary figure from its values in [previous, current]. */
    private static Figure figure(Metric metric, Series measured) {
        MeterKey key = MeterKey.of(metric.key().value());
        if (!measured.isGrouped()) {
            BigDecimal value = measured.value(1, List.of());
            BigDecimal previous = measured.value(0, List.of());
            return new Figure(key, new FigureValue.Scalar(value), new FigureValue.Scalar(previous),
                    new FigureValue.Scalar(Figures.growthPercent(value, previous)));
        }
        // a value seen in either period shows in both (as the empty value where it is missing)
        Map<String, BigDecimal> value = new TreeMap<>();
        Map<String, BigDecimal> previous = new TreeMap<>();
        Set<List<String>> keys = new LinkedHashSet<>(measured.keys(0));
        keys.addAll(measured.keys(1));
        for (List<String> group : keys) {
            String label = group.getFirst() == null ? NONE : group.getFirst();
            value.put(label, measured.value(1, group));
            previous.put(label, measured.value(0, group));
        }
        Map<String, BigDecimal> growth = new TreeMap<>();
        value.forEach((group, amount) -> growth.put(group, Figures.growthPercent(amount, previous.get(group))));
        return new Figure(key, new FigureValue.Breakdown(value), new FigureValue.Breakdown(previous), new FigureValue.Breakdown(growth));
    }

    /** A one-dimension breakdown of the first bucket, by dimension value in order; groups without the dimension under {@value #NONE}. */
    private static Map<String, BigDecimal> breakdown(Series series) {
        Map<String, BigDecimal> values = new TreeMap<>();
        for (List<String> key : series.keys(0)) {
            values.put(key.getFirst() == null ? NONE : key.getFirst(), series.value(0, key));
        }
        return values;
    }

    private MetricEngine.Scope engineScope(Actor actor, Scope scope) {
        return new MetricEngine.Scope(actor.tenant(), scope.customer(), clock.instant(), scope.zone());
    }

    /** Whose events, and in which timezone: a visible customer's (its own, else the tenant's), or the tenant's. */
    private Scope scope(Actor actor, Optional<CustomerId> customer) {
        Tenant tenant = tenants.current(actor.tenant());
        if (customer.isEmpty()) {
            if (actor.customers().isRestricted()) {
                throw new ForbiddenException("tenant-wide figures need a token that is not limited to customers");
            }
            return new Scope(Optional.empty(), tenant.settings().timezone());
        }
        actor.requireVisible(customer.get());
        Customer found = customers.find(actor.tenant(), customer.get())
                .orElseThrow(() -> new NotFoundException("customer", customer.get().value()));
        return new Scope(customer, found.effectiveTimezone(tenant.settings()));
    }

    private record Scope(Optional<CustomerId> customer, TimeZoneId zone) {
    }
}
