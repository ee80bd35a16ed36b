package io.tally.application.service.metric;

import io.tally.application.port.out.BillingStorePort;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.billing.ChurnRate;
import io.tally.domain.billing.MrrLedger;
import io.tally.domain.billing.MrrLedger.SubscriptionState;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.billing.MrrPeriod;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.Revenue;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Series;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Billing measures from the billing facts: the subscription versions become MRR through {@link MrrLedger}
 * (loaded once per call), payments become revenue through {@link Revenue}, the churn rate follows
 * {@link ChurnRate}, signups come from customer profiles. Every amount stays in its currency.
 */
public final class BillingMeasures implements BillingFigures {

    private static final String PLAN = "plan";
    private static final String COUNTRY = "country";

    private final BillingStorePort billing;
    private final MrrPolicy policy;

    public BillingMeasures(BillingStorePort billing, MrrPolicy policy) {
        this.billing = Objects.requireNonNull(billing, "billing");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Session open(TenantId tenant, Optional<CustomerId> customer, List<Bucket> buckets, Instant now, TimeZoneId zone) {
        Facts facts = new Facts(tenant, customer, buckets.getFirst().start(), min(buckets.getLast().end(), now));
        return (measure, groupBy) -> {
            List<String> dimensions = new ArrayList<>();
            groupBy.ifPresent(dimensions::add);
            if (measure.isPerCurrency()) {
                dimensions.add(BillingMeasure.CURRENCY);
            }
            List<Map<List<String>, BigDecimal>> values = new ArrayList<>(buckets.size());
            for (Bucket bucket : buckets) {
                Instant until = min(bucket.end(), now);
                values.add(until.isAfter(bucket.start()) ? measureIn(measure, facts, bucket.start(), until, groupBy, zone) : Map.of());
            }
            return Series.of(dimensions, values, measure.zeroWhenEmpty() ? BigDecimal.ZERO : null);
        };
    }

    /** What one session reads, each at most once. */
    private final class Facts {
        private final TenantId tenant;
        private final Optional<CustomerId> customer;
        private final Instant from;
        private final Instant to;
        private MrrLedger ledger;
        private List<Payment> payments;
        private List<BillingStorePort.Signup> signups;
        private final Map<CustomerId, Optional<CountryCode>> countries = new HashMap<>();

        Facts(TenantId tenant, Optional<CustomerId> customer, Instant from, Instant to) {
            this.tenant = tenant;
            this.customer = customer;
            this.from = from;
            this.to = to;
        }

        MrrLedger ledger() {
            if (ledger == null) {
                ledger = MrrLedger.of(customer.isPresent() ? billing.versions(tenant, customer.get()) : billing.versions(tenant), policy);
            }
            return ledger;
        }

        List<Payment> payments() {
            if (payments == null) {
                payments = customer.isPresent() ? billing.payments(tenant, customer.get()) : billing.payments(tenant, from, to);
            }
            return payments;
        }

        List<BillingStorePort.Signup> signups() {
            if (signups == null) {
                signups = billing.signups(tenant, customer, from, to);
            }
            return signups;
        }

        Optional<CountryCode> country(CustomerId id) {
            Optional<CountryCode> known = countries.get(id);
            if (known != null) {
                return known;
            }
            return countries.computeIfAbsent(id, key -> Optional.ofNullable(billing.countries(tenant, Set.of(key)).get(key)));
        }

        /** Loads the countries of many customers in one read. */
        void loadCountries(Set<CustomerId> ids) {
            Set<CustomerId> missing = new HashSet<>(ids);
            missing.removeAll(countries.keySet());
            if (!missing.isEmpty()) {
                Map<CustomerId, CountryCode> found = billing.countries(tenant, missing);
                missing.forEach(id -> countries.put(id, Optional.ofNullable(found.get(id))));
            }
        }
    }

    private Map<List<String>, BigDecimal> measureIn(BillingMeasure measure, Facts facts, Instant start, Instant until, Optional<String> groupBy,
                                                    TimeZoneId zone) {
        Map<List<String>, BigDecimal> values = new HashMap<>();
        switch (measure) {
            case NEW_SIGNUPS -> {
                for (BillingStorePort.Signup signup : facts.signups()) {
                    if (!signup.signedUpAt().isBefore(start) && signup.signedUpAt().isBefore(until)) {
                        List<String> key = groupBy.isEmpty() ? List.of() : nullable(COUNTRY.equals(groupBy.get())
                                ? signup.country().map(CountryCode::value).orElse(null) : signup.plan().orElse(null));
                        values.merge(key, BigDecimal.ONE, BigDecimal::add);
                    }
                }
            }
            case PAYING_CUSTOMERS_AT_START -> values.put(List.of(), count(facts.ledger().period(start, until).payingAtStart().size()));
            case PAYING_CUSTOMERS, PAYING_CUSTOMERS_IN_CURRENCY -> paying(measure == BillingMeasure.PAYING_CUSTOMERS_IN_CURRENCY, facts,
                    start, until, groupBy, values);
            case CHURNED_CUSTOMERS -> values.put(List.of(), count(facts.ledger().period(start, until).churned().size()));
            case NEW_AND_CHURNED -> values.put(List.of(), count(ChurnRate.over(facts.ledger(), start, until, zone.zone()).newAndChurned().size()));
            case CUSTOMER_CHURN_RATE -> values.put(List.of(), ChurnRate.over(facts.ledger(), start, until, zone.zone()).rate().orElse(null));
            case MRR -> {
                if (groupBy.isEmpty()) {
                    movements(facts, start, until, values, MrrMovements::end);
                } else {
                    mrrBy(groupBy.get(), facts, start, until, values);
                }
            }
            case MRR_AT_START -> movements(facts, start, until, values, MrrMovements::start);
            case NEW_MRR -> movements(facts, start, until, values, MrrMovements::newMrr);
            case EXPANSION_MRR -> movements(facts, start, until, values, MrrMovements::expansion);
            case CONTRACTION_MRR -> movements(facts, start, until, values, MrrMovements::contraction);
            case CHURNED_MRR -> movements(facts, start, until, values, MrrMovements::churn);
            case REACTIVATION_MRR -> movements(facts, start, until, values, MrrMovements::reactivation);
            case GROSS_REVENUE -> perCurrency(Revenue.between(facts.payments(), start, until).gross(), values);
            case REFUNDS -> perCurrency(Revenue.between(facts.payments(), start, until).refunds(), values);
            case NET_REVENUE -> perCurrency(Revenue.between(facts.payments(), start, until).net(), values);
        }
        return values;
    }

    /** Customers paying at the end: in all, by plan or country, and (for ARPU) per currency. */
    private static void paying(boolean perCurrency, Facts facts, Instant start, Instant until, Optional<String> groupBy,
                               Map<List<String>, BigDecimal> values) {
        Map<List<String>, Set<CustomerId>> customers = new HashMap<>();
        if (groupBy.filter(PLAN::equals).isPresent()) {
            for (SubscriptionState state : facts.ledger().statesBefore(until)) {
                if (state.mrr().signum() > 0) {
                    List<String> key = perCurrency ? nullable(state.version().plan(), state.version().price().currency().value())
                            : nullable(state.version().plan());
                    customers.computeIfAbsent(key, k -> new HashSet<>()).add(state.version().customer());
                }
            }
        } else {
            MrrPeriod period = facts.ledger().period(start, until);
            boolean byCountry = groupBy.filter(COUNTRY::equals).isPresent();
            if (byCountry) {
                facts.loadCountries(period.endMrr().keySet());
            }
            period.endMrr().forEach((customer, byCurrency) -> {
                String country = byCountry ? facts.country(customer).map(CountryCode::value).orElse(null) : null;
                if (perCurrency) {
                    byCurrency.keySet().forEach(currency -> customers.computeIfAbsent(byCountry ? nullable(country, currency.value())
                            : List.of(currency.value()), k -> new HashSet<>()).add(customer));
                } else {
                    customers.computeIfAbsent(byCountry ? nullable(country) : List.of(), k -> new HashSet<>()).add(customer);
                }
            });
            if (!byCountry && !perCurrency) {
                customers.putIfAbsent(List.of(), Set.of());
            }
        }
        customers.forEach((key, set) -> values.put(key, count(set.size())));
    }

    /** MRR at the end by plan (of the subscriptions paying then) or by country (of the customer's profile), per currency. */
    private static void mrrBy(String dimension, Facts facts, Instant start, Instant until, Map<List<String>, BigDecimal> values) {
        if (PLAN.equals(dimension)) {
            for (SubscriptionState state : facts.ledger().statesBefore(until)) {
                if (state.mrr().signum() > 0) {
                    values.merge(nullable(state.version().plan(), state.version().price().currency().value()), state.mrr(), BigDecimal::add);
                }
            }
            return;
        }
        MrrPeriod period = facts.ledger().period(start, until);
        facts.loadCountries(period.endMrr().keySet());
        period.endMrr().forEach((customer, byCurrency) -> byCurrency.forEach((currency, amount) -> values.merge(
                nullable(facts.country(customer).map(CountryCode::value).orElse(null), currency.value()), amount, BigDecimal::add)));
    }

    /** One movement of the MRR per currency (every currency the subscriptions were ever priced in, zeros included). */
    private static void movements(Facts facts, Instant start, Instant until, Map<List<String>, BigDecimal> values,
                                  Function<MrrMovements, BigDecimal> part) {
        facts.ledger().period(start, until).movements().forEach((currency, moved) -> values.put(List.of(currency.value()), part.apply(moved)));
    }

    private static void perCurrency(Map<CurrencyCode, BigDecimal> amounts, Map<List<String>, BigDecimal> values) {
        amounts.forEach((currency, amount) -> values.put(List.of(currency.value()), amount));
    }

    private static BigDecimal count(long n) {
        return BigDecimal.valueOf(n);
    }

    /** A group key that may hold nulls (an unknown country or plan). */
    private static List<String> nullable(String... values) {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(values));
    }

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
