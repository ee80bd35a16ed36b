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
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.ChurnRate;
import io.tally.domain.billing.MrrLedger;
import io.tally.domain.billing.MrrLedger.SubscriptionState;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.billing.MrrPeriod;
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
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Billing figures out. The tenant's subscription versions are turned into MRR by {@link MrrLedger} and the churn
 * rate by {@link ChurnRate}, payments into revenue by {@link Revenue}; every amount stays in its currency. A period that has not ended yet is
 * measured up to the moment of the request.
 */
public final class BillingAnalyticsService implements GetBillingSummaryUseCase, GetMrrSeriesUseCase, GetCustomerBillingUseCase {

    private static final Comparator<CurrencyCode> BY_CODE = Comparator.comparing(CurrencyCode::value);

    private final BillingStorePort billing;
    private final CustomerStorePort customers;
    private final TenantService tenants;
    private final MrrPolicy policy;
    private final Clock clock;

    public BillingAnalyticsService(BillingStorePort billing, CustomerStorePort customers, TenantService tenants, MrrPolicy policy,
                                   Clock clock) {
        this.billing = Objects.requireNonNull(billing, "billing");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BillingSummary getBillingSummary(BillingSummaryQuery query) {
        Tenant tenant = tenantWide(query.actor());
        Instant now = clock.instant();
        Period period = query.period().resolve(tenant.settings().timezone(), now);
        Instant start = period.start();
        Instant until = min(period.end(), now);
        MrrLedger ledger = MrrLedger.of(billing.versions(tenant.id()), policy);
        MrrPeriod mrr = ledger.period(start, until);
        Revenue revenue = Revenue.between(billing.payments(tenant.id(), start, until), start, until);
        Map<Optional<CountryCode>, Long> signups = billing.signupsByCountry(tenant.id(), start, until);
        long newSignups = signups.values().stream().mapToLong(Long::longValue).sum();

        List<Money> arpu = new ArrayList<>();
        mrr.movements().values().stream().sorted(Comparator.comparing(MrrMovements::currency, BY_CODE)).forEach(moved -> {
            long paying = mrr.payingAtEnd(moved.currency());
            if (paying > 0) {
                int digits = moved.currency().minorUnitDigits();
                arpu.add(new Money(moved.end().divide(BigDecimal.valueOf(paying), digits, RoundingMode.HALF_UP), moved.currency()));
            }
        });
        ChurnRate churn = ChurnRate.over(ledger, start, until, tenant.settings().timezone().zone());
        return new BillingSummary(period, until, newSignups, churn.churned().size(), churn.newAndChurned().size(),
                mrr.payingAtStart().size(), mrr.payingAtEnd().size(), churn.rate(), revenue, sorted(mrr.movements()), arpu,
                byPlan(ledger, until), byCountry(tenant, mrr, signups));
    }

    @Override
    public MrrSeries getMrrSeries(MrrSeriesQuery query) {
        Tenant tenant = tenantWide(query.actor());
        Instant now = clock.instant();
        TimeZoneId zone = tenant.settings().timezone();
        MrrLedger ledger = MrrLedger.of(billing.versions(tenant.id()), policy);
        YearMonth current = YearMonth.from(now.atZone(zone.zone()));
        List<MrrSeries.Month> months = new ArrayList<>();
        for (int back = query.months() - 1; back >= 0; back--) {
            YearMonth month = current.minusMonths(back);
            Instant start = month.atDay(1).atStartOfDay(zone.zone()).toInstant();
            Instant until = min(month.plusMonths(1).atDay(1).atStartOfDay(zone.zone()).toInstant(), now);
            MrrPeriod moved = ledger.period(start, until);
            months.add(new MrrSeries.Month(month, start, until, sorted(moved.movements()), moved.payingAtEnd().size()));
        }
        return new MrrSeries(zone, months);
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

    /** Each plan with MRR at the end: the distinct customers paying through it and its MRR per currency. */
    private static List<PlanBreakdown> byPlan(MrrLedger ledger, Instant until) {
        Map<String, Set<CustomerId>> customersByPlan = new TreeMap<>();
        Map<String, Map<CurrencyCode, BigDecimal>> mrrByPlan = new TreeMap<>();
        for (SubscriptionState state : ledger.statesBefore(until)) {
            if (state.mrr().signum() > 0) {
                String plan = state.version().plan();
                customersByPlan.computeIfAbsent(plan, key -> new TreeSet<>()).add(state.version().customer());
                mrrByPlan.computeIfAbsent(plan, key -> new TreeMap<>(BY_CODE)).merge(state.version().price().currency(), state.mrr(),
                        BigDecimal::add);
            }
        }
        List<PlanBreakdown> result = new ArrayList<>();
        customersByPlan.forEach((plan, paying) -> result.add(new PlanBreakdown(plan, paying.size(), money(mrrByPlan.get(plan)))));
        return result;
    }

    /** Each country (unknown last) with paying customers at the end or signups in the period. */
    private List<CountryBreakdown> byCountry(Tenant tenant, MrrPeriod mrr, Map<Optional<CountryCode>, Long> signups) {
        Map<CustomerId, CountryCode> countries = billing.countries(tenant.id(), mrr.payingAtEnd());
        Map<Optional<CountryCode>, Long> paying = new HashMap<>();
        Map<Optional<CountryCode>, Map<CurrencyCode, BigDecimal>> mrrByCountry = new HashMap<>();
        mrr.endMrr().forEach((customer, byCurrency) -> {
            Optional<CountryCode> country = Optional.ofNullable(countries.get(customer));
            paying.merge(country, 1L, Long::sum);
            byCurrency.forEach((currency, amount) -> mrrByCountry.computeIfAbsent(country, key -> new TreeMap<>(BY_CODE))
                    .merge(currency, amount, BigDecimal::add));
        });
        Set<Optional<CountryCode>> all = new TreeSet<>(Comparator.comparing((Optional<CountryCode> country) -> country.isEmpty())
                .thenComparing(country -> country.map(CountryCode::value).orElse("")));
        all.addAll(paying.keySet());
        all.addAll(signups.keySet());
        List<CountryBreakdown> result = new ArrayList<>();
        for (Optional<CountryCode> country : all) {
            result.add(new CountryBreakdown(country, paying.getOrDefault(country, 0L),
                    money(mrrByCountry.getOrDefault(country, Map.of())), signups.getOrDefault(country, 0L)));
        }
        return result;
    }

    private static List<MrrMovements> sorted(Map<CurrencyCode, MrrMovements> movements) {
        return movements.values().stream().sorted(Comparator.comparing(MrrMovements::currency, BY_CODE)).toList();
    }

    private static List<Money> money(Map<CurrencyCode, BigDecimal> amounts) {
        return amounts.entrySet().stream().sorted(Map.Entry.comparingByKey(BY_CODE))
                .map(entry -> new Money(entry.getValue(), entry.getKey())).toList();
    }

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
