package io.tally.application.service;

import io.tally.application.port.in.billing.BillingSummary;
import io.tally.application.port.in.billing.BillingSummary.CountryBreakdown;
import io.tally.application.port.in.billing.BillingSummary.PlanBreakdown;
import io.tally.application.port.in.billing.BillingSummaryQuery;
import io.tally.application.port.in.billing.CustomerBilling;
import io.tally.application.port.in.billing.CustomerBillingQuery;
import io.tally.application.port.in.billing.GetBillingSummaryUseCase;
import io.tally.application.port.in.billing.GetCustomerBillingUseCase;
import io.tally.application.port.in.billing.GetMrrSeriesUseCase;
import io.tally.application.port.in.billing.MrrSeries;
import io.tally.application.port.in.billing.MrrSeriesQuery;
import io.tally.application.port.out.BillingStorePort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.domain.access.Actor;
import io.tally.application.service.metric.MetricEngine;
import io.tally.application.service.metric.MetricEngine.Request;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.ChurnRate;
import io.tally.domain.billing.MrrLedger;
import io.tally.domain.billing.MrrLedger.SubscriptionState;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.billing.Revenue;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.billing.SubscriptionsInForce;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.Money;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.Series;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Billing figures out. The summary and the MRR series are the built-in billing metrics, measured by the
 * {@link MetricEngine} (which turns subscription versions into MRR by {@link MrrLedger}, the churn rate by
 * {@link ChurnRate}, payments into revenue by {@link Revenue}, and derives ARPU and the like from the catalogue);
 * every amount stays in its currency. A period that has not ended yet is measured up to the moment of the request.
 * A customer's billing view reads its subscriptions in force.
 */
public final class BillingAnalyticsService implements GetBillingSummaryUseCase, GetMrrSeriesUseCase, GetCustomerBillingUseCase {

    private static final Comparator<CurrencyCode> BY_CODE = Comparator.comparing(CurrencyCode::value);
    private static final String PLAN = "plan";
    private static final String COUNTRY = "country";
    /** The summary's figures, each over the whole period. */
    private static final List<MetricKey> SUMMARY = List.of(BuiltInMetrics.NEW_SIGNUPS, BuiltInMetrics.CHURNED_CUSTOMERS,
            BuiltInMetrics.NEW_AND_CHURNED, BuiltInMetrics.PAYING_CUSTOMERS_AT_START, BuiltInMetrics.PAYING_CUSTOMERS,
            BuiltInMetrics.CUSTOMER_CHURN_RATE, BuiltInMetrics.GROSS_REVENUE, BuiltInMetrics.REFUNDS, BuiltInMetrics.NET_REVENUE,
            BuiltInMetrics.MRR_AT_START, BuiltInMetrics.NEW_MRR, BuiltInMetrics.EXPANSION_MRR, BuiltInMetrics.CONTRACTION_MRR,
            BuiltInMetrics.CHURNED_MRR, BuiltInMetrics.REACTIVATION_MRR, BuiltInMetrics.MRR, BuiltInMetrics.ARPU);

    private final BillingStorePort billing;
    private final CustomerStorePort customers;
    private final TenantService tenants;
    private final MrrPolicy policy;
    private final MetricEngine engine;
    private final Clock clock;

    public BillingAnalyticsService(BillingStorePort billing, CustomerStorePort customers, TenantService tenants, MrrPolicy policy,
                                   MetricEngine engine, Clock clock) {
        this.billing = Objects.requireNonNull(billing, "billing");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BillingSummary getBillingSummary(BillingSummaryQuery query) {
        Tenant tenant = tenantWide(query.actor());
        Instant now = clock.instant();
        TimeZoneId zone = tenant.settings().timezone();
        Period period = query.period().resolve(zone, now);
        List<Request> requests = new ArrayList<>();
        SUMMARY.forEach(key -> requests.add(Request.of(BuiltInMetrics.get(key))));
        for (String dimension : List.of(PLAN, COUNTRY)) {
            requests.add(Request.groupedBy(BuiltInMetrics.get(BuiltInMetrics.PAYING_CUSTOMERS), List.of(dimension)));
            requests.add(Request.groupedBy(BuiltInMetrics.get(BuiltInMetrics.MRR), List.of(dimension)));
        }
        requests.add(Request.groupedBy(BuiltInMetrics.get(BuiltInMetrics.NEW_SIGNUPS), List.of(COUNTRY)));
        List<Series> figures = engine.evaluate(MetricCatalog.of(List.of()), new MetricEngine.Scope(tenant.id(), Optional.empty(), now, zone),
                requests, List.of(new Bucket(period.start(), period.end(), "period")));
        Map<MetricKey, Series> by = new LinkedHashMap<>();
        for (int i = 0; i < SUMMARY.size(); i++) {
            by.put(SUMMARY.get(i), figures.get(i));
        }
        int grouped = SUMMARY.size();
        Revenue revenue = new Revenue(perCurrency(by.get(BuiltInMetrics.GROSS_REVENUE)), perCurrency(by.get(BuiltInMetrics.REFUNDS)),
                perCurrency(by.get(BuiltInMetrics.NET_REVENUE)));
        List<MrrMovements> mrr = new ArrayList<>();
        perCurrency(by.get(BuiltInMetrics.MRR)).forEach((currency, end) -> mrr.add(new MrrMovements(currency,
                amount(by.get(BuiltInMetrics.MRR_AT_START), currency), amount(by.get(BuiltInMetrics.NEW_MRR), currency),
                amount(by.get(BuiltInMetrics.EXPANSION_MRR), currency), amount(by.get(BuiltInMetrics.CONTRACTION_MRR), currency),
                amount(by.get(BuiltInMetrics.CHURNED_MRR), currency), amount(by.get(BuiltInMetrics.REACTIVATION_MRR), currency), end)));
        List<Money> arpu = money(perCurrency(by.get(BuiltInMetrics.ARPU)));
        return new BillingSummary(period, min(period.end(), now), count(by.get(BuiltInMetrics.NEW_SIGNUPS)),
                count(by.get(BuiltInMetrics.CHURNED_CUSTOMERS)), count(by.get(BuiltInMetrics.NEW_AND_CHURNED)),
                count(by.get(BuiltInMetrics.PAYING_CUSTOMERS_AT_START)), count(by.get(BuiltInMetrics.PAYING_CUSTOMERS)),
                Optional.ofNullable(by.get(BuiltInMetrics.CUSTOMER_CHURN_RATE).value(0, List.of())), revenue, mrr, arpu,
                byPlan(figures.get(grouped), figures.get(grouped + 1)),
                byCountry(figures.get(grouped + 2), figures.get(grouped + 3), figures.get(grouped + 4)));
    }

    @Override
    public MrrSeries getMrrSeries(MrrSeriesQuery query) {
        Tenant tenant = tenantWide(query.actor());
        Instant now = clock.instant();
        TimeZoneId zone = tenant.settings().timezone();
        YearMonth current = YearMonth.from(now.atZone(zone.zone()));
        List<Bucket> months = new ArrayList<>();
        for (int back = query.months() - 1; back >= 0; back--) {
            YearMonth month = current.minusMonths(back);
            months.add(new Bucket(month.atDay(1).atStartOfDay(zone.zone()).toInstant(),
                    month.plusMonths(1).atDay(1).atStartOfDay(zone.zone()).toInstant(), month.toString()));
        }
        List<MetricKey> asked = List.of(BuiltInMetrics.MRR_AT_START, BuiltInMetrics.NEW_MRR, BuiltInMetrics.EXPANSION_MRR,
                BuiltInMetrics.CONTRACTION_MRR, BuiltInMetrics.CHURNED_MRR, BuiltInMetrics.REACTIVATION_MRR, BuiltInMetrics.MRR,
                BuiltInMetrics.PAYING_CUSTOMERS);
        List<Series> values = engine.evaluate(MetricCatalog.of(List.of()), new MetricEngine.Scope(tenant.id(), Optional.empty(), now, zone),
                asked.stream().map(key -> Request.of(BuiltInMetrics.get(key))).toList(), months);
        List<MrrSeries.Month> result = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            Bucket month = months.get(i);
            List<MrrMovements> mrr = new ArrayList<>();
            int b = i;
            perCurrency(values.get(6), b).forEach((currency, end) -> mrr.add(new MrrMovements(currency, amount(values.get(0), b, currency),
                    amount(values.get(1), b, currency), amount(values.get(2), b, currency), amount(values.get(3), b, currency),
                    amount(values.get(4), b, currency), amount(values.get(5), b, currency), end)));
            result.add(new MrrSeries.Month(YearMonth.parse(month.label()), month.start(), min(month.end(), now), mrr,
                    values.get(7).value(i, List.of()).longValueExact()));
        }
        return new MrrSeries(zone, result);
    }

    @Override
    public CustomerBilling getCustomerBilling(CustomerBillingQuery query) {
        Actor actor = query.actor();
        actor.requireVisible(query.customer());
        tenants.current(actor.tenant());
        Customer customer = customers.find(actor.tenant(), query.customer())
                .orElseThrow(() -> new NotFoundException("customer", query.customer().value()));
        Instant now = clock.instant();
        List<SubscriptionVersion> versions = billing.versions(actor.tenant(), customer.id());
        MrrLedger ledger = MrrLedger.of(versions, policy);
        List<SubscriptionState> states = ledger.latestVersionsOf(customer.id()).stream()
                .map(version -> ledger.stateAt(version.subscription(), now).orElseThrow()).toList();
        Optional<SubscriptionState> current = SubscriptionsInForce.of(versions).current(customer.id(), now)
                .map(version -> ledger.stateAt(version.subscription(), now).orElseThrow());
        Map<CurrencyCode, BigDecimal> mrr = new TreeMap<>(BY_CODE);
        states.stream().filter(state -> state.mrr().signum() > 0)
                .forEach(state -> mrr.merge(state.version().price().currency(), state.mrr(), BigDecimal::add));
        return new CustomerBilling(customer, current.map(SubscriptionState::version),
                current.map(state -> new Money(state.mrr(), state.version().price().currency())), money(mrr),
                Revenue.lifetime(billing.payments(actor.tenant(), customer.id())));
    }

    private Tenant tenantWide(Actor actor) {
        if (actor.customers().isRestricted()) {
            throw new ForbiddenException("tenant-wide billing figures need a token that is not limited to customers");
        }
        return tenants.current(actor.tenant());
    }

    /** Each plan with MRR at the end, by plan: the customers paying through it and its MRR per currency. */
    private static List<PlanBreakdown> byPlan(Series paying, Series mrr) {
        Map<String, Long> customersByPlan = new TreeMap<>();
        paying.keys(0).forEach(key -> customersByPlan.put(key.getFirst(), paying.value(0, key).longValueExact()));
        List<PlanBreakdown> result = new ArrayList<>();
        customersByPlan.forEach((plan, customers) -> result.add(new PlanBreakdown(plan, customers, money(split(mrr, plan)))));
        return result;
    }

    /** Each country (unknown last) with paying customers at the end or signups in the period. */
    private static List<CountryBreakdown> byCountry(Series paying, Series mrr, Series signups) {
        Set<Optional<CountryCode>> all = new TreeSet<>(Comparator.comparing((Optional<CountryCode> country) -> country.isEmpty())
                .thenComparing(country -> country.map(CountryCode::value).orElse("")));
        paying.keys(0).forEach(key -> all.add(country(key.getFirst())));
        signups.keys(0).forEach(key -> all.add(country(key.getFirst())));
        List<CountryBreakdown> result = new ArrayList<>();
        for (Optional<CountryCode> country : all) {
            List<String> key = java.util.Collections.singletonList(country.map(CountryCode::value).orElse(null));
            result.add(new CountryBreakdown(country, paying.value(0, key).longValueExact(), money(split(mrr, key.getFirst())),
                    signups.value(0, key).longValueExact()));
        }
        return result;
    }

    private static Optional<CountryCode> country(String code) {
        return Optional.ofNullable(code).filter(CountryCode::isValid).map(CountryCode::of);
    }

    /** The amounts per currency of one value of a series split by [dimension, currency]. */
    private static Map<CurrencyCode, BigDecimal> split(Series series, String value) {
        Map<CurrencyCode, BigDecimal> amounts = new TreeMap<>(BY_CODE);
        for (List<String> key : series.keys(0)) {
            BigDecimal amount = series.value(0, key);
            if (Objects.equals(key.getFirst(), value) && amount != null && amount.signum() != 0) {
                amounts.put(CurrencyCode.of(key.get(1)), amount);
            }
        }
        return amounts;
    }

    /** A money series' values in one bucket, by currency (no value: left out). */
    private static Map<CurrencyCode, BigDecimal> perCurrency(Series series, int bucket) {
        Map<CurrencyCode, BigDecimal> amounts = new TreeMap<>(BY_CODE);
        for (List<String> key : series.keys(bucket)) {
            BigDecimal amount = series.value(bucket, key);
            if (amount != null) {
                amounts.put(CurrencyCode.of(key.getFirst()), amount);
            }
        }
        return amounts;
    }

    private static Map<CurrencyCode, BigDecimal> perCurrency(Series series) {
        return perCurrency(series, 0);
    }

    private static BigDecimal amount(Series series, int bucket, CurrencyCode currency) {
        BigDecimal amount = series.value(bucket, List.of(currency.value()));
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static BigDecimal amount(Series series, CurrencyCode currency) {
        return amount(series, 0, currency);
    }

    private static long count(Series series) {
        return series.value(0, List.of()).longValueExact();
    }

    private static List<Money> money(Map<CurrencyCode, BigDecimal> amounts) {
        return amounts.entrySet().stream().sorted(Map.Entry.comparingByKey(BY_CODE))
                .map(entry -> new Money(entry.getValue(), entry.getKey())).toList();
    }

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
