package io.tally.application.service;

import io.tally.application.port.in.analytics.AnalyticsQuery;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.CallActivity;
import io.tally.application.port.in.analytics.Figure;
import io.tally.application.port.in.analytics.GetCallActivityUseCase;
import io.tally.application.port.in.analytics.GetUsageSummaryUseCase;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.UsageQuery;
import io.tally.application.port.in.analytics.UsageSummary;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Buckets;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.FigureValue;
import io.tally.domain.analytics.Figures;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Measurements;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Money;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The usage figures: summaries, call activity and ad-hoc questions about one meter. A customer's figures
 * are cut in the customer's timezone (else the tenant's, else UTC) unless the request names one; the
 * tenant's in the tenant's. A customer-scoped token sees its own customers only and no tenant-wide figure.
 */
public final class UsageAnalyticsService implements GetUsageSummaryUseCase, GetCallActivityUseCase, QueryAnalyticsUseCase {

    /** A dimension value that an event did not carry, as it shows in breakdowns. */
    public static final String NONE = "(none)";
    static final int TOP_CUSTOMERS = 10;

    private final UsageAggregationPort usage;
    private final CustomerStorePort customers;
    private final TenantService tenants;
    private final MeterService meters;
    private final Clock clock;

    public UsageAnalyticsService(UsageAggregationPort usage, CustomerStorePort customers, TenantService tenants, MeterService meters,
                                 Clock clock) {
        this.usage = Objects.requireNonNull(usage, "usage");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public UsageSummary getUsageSummary(UsageQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        Period period = query.period().resolve(scope.zone(), clock.instant());
        Period previous = period.previous();
        List<Meter> figures = BuiltInMeters.USAGE_SUMMARY.stream().map(BuiltInMeters::get).toList();
        // one bucket for the period before and one for the period: they follow each other without a gap
        List<Bucket> buckets = List.of(new Bucket(previous.start(), previous.end(), "previous"), new Bucket(period.start(), period.end(), "current"));
        Measurements measured = usage.measure(query.actor().tenant(), scope.customer(), figures, buckets);
        List<Figure> result = figures.stream().map(meter -> figure(meter, measured.of(meter.key()))).toList();
        Optional<List<UsageSummary.TopCustomer>> top = scope.customer().isPresent() ? Optional.empty()
                : Optional.of(topCustomers(query.actor(), period));
        return new UsageSummary(period, result, top);
    }

    @Override
    public CallActivity getCallActivity(UsageQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        Period period = query.period().resolve(scope.zone(), clock.instant());
        Meter calls = BuiltInMeters.get(BuiltInMeters.CALLS);
        Meter completed = BuiltInMeters.get(BuiltInMeters.COMPLETED_CALLS);
        Meter duration = BuiltInMeters.get(BuiltInMeters.CALL_DURATION_AVG_S);
        Meter cost = BuiltInMeters.get(BuiltInMeters.CALL_COST);
        Meter byOutcome = BuiltInMeters.get(BuiltInMeters.CALLS_BY_OUTCOME);
        Meter byAgent = BuiltInMeters.get(BuiltInMeters.CALLS_BY_AGENT);
        Meter completedByAgent = BuiltInMeters.get(BuiltInMeters.COMPLETED_CALLS_BY_AGENT);
        Measurements whole = usage.measure(query.actor().tenant(), scope.customer(),
                List.of(calls, completed, duration, cost, byOutcome, byAgent, completedByAgent),
                List.of(new Bucket(period.start(), period.end(), "period")));
        List<Bucket> days = Buckets.of(period, BucketSize.DAY);
        Measurements.Series daily = usage.measure(query.actor().tenant(), scope.customer(), List.of(calls), days).of(calls.key());

        BigDecimal total = scalar(calls, whole.only(calls.key()));
        BigDecimal done = scalar(completed, whole.only(completed.key()));
        List<Money> money = new ArrayList<>();
        breakdown(cost, whole.only(cost.key())).forEach((currency, amount) -> {
            if (!NONE.equals(currency) && CurrencyCode.isValid(currency)) {
                money.add(new Money(amount, CurrencyCode.of(currency)));
            }
        });
        money.sort(Comparator.comparing(m -> m.currency().value()));
        Map<String, Long> outcomes = new TreeMap<>();
        breakdown(byOutcome, whole.only(byOutcome.key())).forEach((outcome, count) -> outcomes.put(outcome, count.longValueExact()));
        Map<String, BigDecimal> completedPerAgent = breakdown(completedByAgent, whole.only(completedByAgent.key()));
        List<CallActivity.AgentActivity> agents = new ArrayList<>();
        breakdown(byAgent, whole.only(byAgent.key())).forEach((agent, count) -> {
            BigDecimal agentCompleted = completedPerAgent.getOrDefault(agent, BigDecimal.ZERO);
            agents.add(new CallActivity.AgentActivity(agent, count.longValueExact(), agentCompleted.longValueExact(),
                    Figures.percent(agentCompleted, count)));
        });
        agents.sort(Comparator.comparingLong(CallActivity.AgentActivity::calls).reversed().thenComparing(CallActivity.AgentActivity::agent));
        List<CallActivity.DailyCalls> perDay = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            perDay.add(new CallActivity.DailyCalls(LocalDate.parse(days.get(i).label()), scalar(calls, daily.bucket(i)).longValueExact()));
        }
        return new CallActivity(period, total.longValueExact(), done.longValueExact(), Figures.percent(done, total),
                scalar(duration, whole.only(duration.key())), money, outcomes, agents, perDay);
    }

    @Override
    public AnalyticsResult queryAnalytics(AnalyticsQuery query) {
        Scope scope = scope(query.actor(), query.customer());
        Meter base;
        try {
            base = meters.resolve(query.actor(), query.meter());
        } catch (NotFoundException unknown) {
            throw new InvalidValueException("meter", "'" + query.meter() + "' is not a meter of this tenant; GET /api/v1/meters lists them");
        }
        List<String> groupBy = query.groupBy().isEmpty() ? base.groupBy() : query.groupBy();
        Meter meter = base.narrowed(query.filters(), groupBy);
        checkDimensions(query, base, groupBy);
        Period period = query.period().resolve(scope.zone(), clock.instant());
        long cells = Buckets.count(period, query.bucket()) * (meter.isGrouped() ? query.limit() : 1);
        if (cells > AnalyticsQuery.MAX_CELLS) {
            throw new InvalidValueException("bucket", "the answer would hold up to " + cells + " cells (buckets × groups); at most "
                    + AnalyticsQuery.MAX_CELLS + " are allowed: use a larger bucket, a shorter period or a lower limit");
        }
        List<Bucket> buckets = Buckets.of(period, query.bucket());
        List<Bucket> totals = new ArrayList<>();
        Period previous = period.previous();
        if (query.compare()) {
            totals.add(new Bucket(previous.start(), previous.end(), "previous"));
        }
        totals.add(new Bucket(period.start(), period.end(), "current"));
        Measurements.Series series = usage.measure(query.actor().tenant(), scope.customer(), List.of(meter), buckets).of(meter.key());
        Measurements.Series whole = usage.measure(query.actor().tenant(), scope.customer(), List.of(meter), totals).of(meter.key());
        Measurements.Groups current = whole.last();
        Measurements.Groups before = query.compare() ? whole.first() : null;

        List<AnalyticsResult.Group> groups = new ArrayList<>();
        for (List<String> key : groupKeys(meter, series, current)) {
            List<BigDecimal> values = new ArrayList<>();
            for (Measurements.Groups bucket : series.buckets()) {
                values.add(meter.valueOf(bucket.get(key)));
            }
            groups.add(new AnalyticsResult.Group(key, values, total(meter, current.get(key), query.compare() ? before.get(key) : null)));
        }
        Comparator<AnalyticsResult.Group> byTotal = Comparator.comparing(group -> group.total().value(),
                Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()));
        groups.sort(query.descending() ? byTotal.reversed() : byTotal);
        if (groups.size() > query.limit()) {
            groups = new ArrayList<>(groups.subList(0, query.limit()));
        }
        AnalyticsResult.Total overall = meter.isGrouped() ? overallOfGroups(query, scope, base, period, previous) : groups.getFirst().total();
        return new AnalyticsResult(meter, period, buckets, groups, overall, query.compare());
    }

    /** The totals over all groups: the meter measured without its grouping (not a sum, which would be wrong for averages). */
    private AnalyticsResult.Total overallOfGroups(AnalyticsQuery query, Scope scope, Meter base, Period period, Period previous) {
        Meter ungrouped = base.narrowed(query.filters(), List.of());
        List<Bucket> buckets = query.compare()
                ? List.of(new Bucket(previous.start(), previous.end(), "previous"), new Bucket(period.start(), period.end(), "current"))
                : List.of(new Bucket(period.start(), period.end(), "current"));
        Measurements.Series whole = usage.measure(query.actor().tenant(), scope.customer(), List.of(ungrouped), buckets).of(ungrouped.key());
        return total(ungrouped, whole.last().ungrouped(), query.compare() ? whole.first().ungrouped() : null);
    }

    private static AnalyticsResult.Total total(Meter meter, Measurement current, Measurement previous) {
        BigDecimal value = meter.valueOf(current);
        if (previous == null) {
            return new AnalyticsResult.Total(value, null, null);
        }
        BigDecimal before = meter.valueOf(previous);
        return new AnalyticsResult.Total(value, before, Figures.growthPercent(value, before));
    }

    /** Every group seen in the period (an ungrouped meter has exactly one, the empty key). */
    private static List<List<String>> groupKeys(Meter meter, Measurements.Series series, Measurements.Groups whole) {
        if (!meter.isGrouped()) {
            return List.of(List.of());
        }
        Set<List<String>> keys = new LinkedHashSet<>(whole.keys());
        series.buckets().forEach(bucket -> keys.addAll(bucket.keys()));
        return new ArrayList<>(keys);
    }

    /** Group-by and filter dimensions a request adds must be dimensions the meter's events have carried. */
    private void checkDimensions(AnalyticsQuery query, Meter base, List<String> groupBy) {
        Set<String> known = null;
        for (String dimension : groupBy) {
            if (!base.groupBy().contains(dimension)) {
                known = known == null ? usage.dimensions(query.actor().tenant(), base.eventType()) : known;
                if (!known.contains(dimension)) {
                    throw new InvalidValueException("group_by", "'" + dimension + "' is not a dimension of " + base.eventType() + " events");
                }
            }
        }
        for (String dimension : query.filters().keySet()) {
            known = known == null ? usage.dimensions(query.actor().tenant(), base.eventType()) : known;
            if (!known.contains(dimension)) {
                throw new InvalidValueException("filters", "'" + dimension + "' is not a dimension of " + base.eventType() + " events");
            }
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

    /** A summary figure from the measurements of [previous, current]. */
    private static Figure figure(Meter meter, Measurements.Series measured) {
        Measurements.Groups before = measured.bucket(0);
        Measurements.Groups now = measured.bucket(1);
        if (!meter.isGrouped()) {
            BigDecimal value = scalar(meter, now);
            BigDecimal previous = scalar(meter, before);
            return new Figure(meter.key(), new FigureValue.Scalar(value), new FigureValue.Scalar(previous),
                    new FigureValue.Scalar(Figures.growthPercent(value, previous)));
        }
        Map<String, BigDecimal> value = breakdown(meter, now);
        Map<String, BigDecimal> previous = breakdown(meter, before);
        // a value seen in either period shows in both (as the meter's empty value where it is missing)
        BigDecimal empty = meter.valueOf(Measurement.NONE);
        previous.keySet().forEach(group -> value.putIfAbsent(group, empty));
        value.keySet().forEach(group -> previous.putIfAbsent(group, empty));
        Map<String, BigDecimal> growth = new TreeMap<>();
        value.forEach((group, amount) -> growth.put(group, Figures.growthPercent(amount, previous.get(group))));
        return new Figure(meter.key(), new FigureValue.Breakdown(value), new FigureValue.Breakdown(previous), new FigureValue.Breakdown(growth));
    }

    private static BigDecimal scalar(Meter meter, Measurements.Groups measured) {
        return meter.valueOf(measured.ungrouped());
    }

    /** A one-dimension breakdown, by dimension value in order; events without the dimension under {@value #NONE}. */
    private static Map<String, BigDecimal> breakdown(Meter meter, Measurements.Groups measured) {
        Map<String, BigDecimal> values = new TreeMap<>();
        measured.forEach((key, measurement) -> values.put(key.getFirst() == null ? NONE : key.getFirst(), meter.valueOf(measurement)));
        return values;
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
