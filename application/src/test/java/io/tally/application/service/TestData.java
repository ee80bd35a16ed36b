package io.tally.application.service;

import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.PaymentStatus;
import io.tally.domain.billing.Refund;
import io.tally.domain.billing.SubscriptionStatus;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.MetricDraft;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builders of the domain objects service tests need, with defaults for whatever a test does not care about, so a
 * test names only what its figures depend on. Every builder is mutable: set what differs, then {@code build()}.
 */
public final class TestData {

    /** The tenant of every test unless it says otherwise. */
    public static final TenantId TENANT = TenantId.of("acme");

    private TestData() {
    }

    // ---- who asks

    /** A staff user of {@link #TENANT} with one role (and the roles it includes), seeing every customer. */
    public static Actor user(String subject, Role role) {
        return Actor.user(TENANT, subject, Set.of(role), CustomerScope.all(), "req-" + subject);
    }

    /** A user whose token is limited to these customers (a customer's own dashboard). */
    public static Actor customerUser(String subject, Role role, String... customers) {
        return Actor.user(TENANT, subject, Set.of(role), CustomerScope.only(Arrays.stream(customers).map(CustomerId::of)
                .collect(java.util.stream.Collectors.toSet())), "req-" + subject);
    }

    // ---- customers

    public static ProfileBuilder profile() {
        return new ProfileBuilder();
    }

    public static final class ProfileBuilder {
        private Optional<CountryCode> country = Optional.empty();
        private Optional<String> plan = Optional.empty();
        private Optional<Instant> signedUpAt = Optional.empty();

        public ProfileBuilder country(String code) {
            country = Optional.of(CountryCode.of(code));
            return this;
        }

        public ProfileBuilder plan(String key) {
            plan = Optional.of(key);
            return this;
        }

        public ProfileBuilder signedUpAt(Instant at) {
            signedUpAt = Optional.of(at);
            return this;
        }

        public CustomerProfile build() {
            return new CustomerProfile(Optional.empty(), Optional.empty(), country, Optional.empty(), plan, signedUpAt, CustomerStatus.ACTIVE);
        }
    }

    // ---- usage

    /** An event of this type at this time; without {@link EventBuilder#customer}, a tenant-level one. */
    public static EventBuilder event(String type, Instant time) {
        return new EventBuilder(type, time);
    }

    public static final class EventBuilder {
        private static int sent;
        private final String type;
        private final Instant time;
        private String customer;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, BigDecimal> measures = new LinkedHashMap<>();

        private EventBuilder(String type, Instant time) {
            this.type = type;
            this.time = time;
        }

        public EventBuilder customer(String id) {
            customer = id;
            return this;
        }

        public EventBuilder dimension(String name, String value) {
            dimensions.put(name, value);
            return this;
        }

        public EventBuilder measure(String name, String value) {
            measures.put(name, new BigDecimal(value));
            return this;
        }

        public UsageEvent build() {
            return new UsageEvent(new EventKey("test", "e-" + sent++), EventType.of(type), Optional.ofNullable(customer).map(CustomerId::of),
                    time, true, EventData.of(dimensions, measures));
        }

        /** Stores the event in the tenant's events, as the intake would. */
        public void sendTo(InMemoryStores.Events events, TenantId tenant) {
            events.append(tenant, List.of(FingerprintedEvent.of(build())), time);
        }

        public void sendTo(InMemoryStores.Events events) {
            sendTo(events, TENANT);
        }
    }

    /** A tenant's own meter: an aggregation over one event type, by default ungrouped and unfiltered. */
    public static MeterBuilder meter(String key, String eventType, Aggregation aggregation) {
        return new MeterBuilder(key, eventType, aggregation);
    }

    public static final class MeterBuilder {
        private final String key;
        private final String eventType;
        private final Aggregation aggregation;
        private String measure;
        private final Map<String, String> filters = new LinkedHashMap<>();
        private final List<String> groupBy = new ArrayList<>();
        private String dimension;
        private ItemJoin join;

        private MeterBuilder(String key, String eventType, Aggregation aggregation) {
            this.key = key;
            this.eventType = eventType;
            this.aggregation = aggregation;
        }

        public MeterBuilder measure(String name) {
            measure = name;
            return this;
        }

        public MeterBuilder filter(String dimension, String value) {
            filters.put(dimension, value);
            return this;
        }

        public MeterBuilder groupBy(String... dimensions) {
            groupBy.addAll(List.of(dimensions));
            return this;
        }

        /** The dimension a {@code unique_count} counts. */
        public MeterBuilder dimension(String name) {
            dimension = name;
            return this;
        }

        /** Each event belongs to the first event of {@code itemType} with its value of {@code on}. */
        public MeterBuilder join(String itemType, String on) {
            join = ItemJoin.of(itemType, on);
            return this;
        }

        public Meter build() {
            return new Meter(MeterKey.of(key), Character.toUpperCase(key.charAt(0)) + key.substring(1).replace('_', ' '), Optional.empty(),
                    EventType.of(eventType), aggregation, Optional.ofNullable(measure), Optional.ofNullable(dimension), filters, groupBy,
                    BigDecimal.ONE, Optional.empty(), false, Optional.ofNullable(join));
        }
    }

    // ---- metrics

    public static MetricKey key(String key) {
        return MetricKey.of(key);
    }

    public static Formula.OfMeter ofMeter(String meter) {
        return new Formula.OfMeter(MeterKey.of(meter));
    }

    public static Formula.Ratio ratio(String numerator, String denominator, int scale) {
        return new Formula.Ratio(key(numerator), key(denominator), BigDecimal.valueOf(scale));
    }

    public static Formula.Sum sum(String... parts) {
        return new Formula.Sum(Arrays.stream(parts).map(MetricKey::of).toList());
    }

    public static Formula.PerCustomer perCustomer(String metric) {
        return new Formula.PerCustomer(key(metric));
    }

    /** A metric as someone defines it: a key and a formula, the rest left to the defaults unless set. */
    public static DraftBuilder draft(String key, Formula formula) {
        return new DraftBuilder(key, formula);
    }

    public static final class DraftBuilder {
        private final String key;
        private final Formula formula;
        private Optional<String> name = Optional.empty();
        private Optional<MetricUnit> unit = Optional.empty();
        private Optional<Polarity> polarity = Optional.empty();
        private Optional<Integer> decimals = Optional.empty();

        private DraftBuilder(String key, Formula formula) {
            this.key = key;
            this.formula = formula;
        }

        public DraftBuilder name(String value) {
            name = Optional.of(value);
            return this;
        }

        public DraftBuilder unit(MetricUnit value) {
            unit = Optional.of(value);
            return this;
        }

        public DraftBuilder polarity(Polarity value) {
            polarity = Optional.of(value);
            return this;
        }

        public DraftBuilder decimals(int value) {
            decimals = Optional.of(value);
            return this;
        }

        public MetricDraft build() {
            return new MetricDraft(key(key), name, Optional.empty(), unit, polarity, decimals, formula);
        }
    }

    // ---- billing

    /**
     * A subscription's version: by default {@code active}, on the plan {@code basic}, 10.00 USD a month for one seat,
     * started and taking effect at {@code startedAt}. Build it, change what the next version changes, build again.
     */
    public static SubscriptionBuilder subscription(String id, String customer, Instant startedAt) {
        return new SubscriptionBuilder(id, customer, startedAt);
    }

    public static final class SubscriptionBuilder {
        private final String id;
        private final String customer;
        private final Instant startedAt;
        private String plan = "basic";
        private SubscriptionStatus status = SubscriptionStatus.ACTIVE;
        private Money price = Money.of("10.00", "USD");
        private BillingInterval interval = BillingInterval.MONTH;
        private int quantity = 1;
        private Optional<Instant> canceledAt = Optional.empty();
        private Optional<Instant> endedAt = Optional.empty();
        private Instant effectiveAt;

        private SubscriptionBuilder(String id, String customer, Instant startedAt) {
            this.id = id;
            this.customer = customer;
            this.startedAt = startedAt;
            this.effectiveAt = startedAt;
        }

        public SubscriptionBuilder plan(String key) {
            plan = key;
            return this;
        }

        public SubscriptionBuilder status(SubscriptionStatus value) {
            status = value;
            return this;
        }

        /** The price of one seat per {@code interval}. */
        public SubscriptionBuilder price(String amount, String currency, BillingInterval every) {
            price = Money.of(amount, currency);
            interval = every;
            return this;
        }

        public SubscriptionBuilder quantity(int seats) {
            quantity = seats;
            return this;
        }

        public SubscriptionBuilder canceledAt(Instant at) {
            canceledAt = Optional.of(at);
            return this;
        }

        public SubscriptionBuilder endedAt(Instant at) {
            endedAt = Optional.of(at);
            return this;
        }

        public SubscriptionBuilder effectiveAt(Instant at) {
            effectiveAt = at;
            return this;
        }

        public SubscriptionVersion build() {
            return new SubscriptionVersion(BillingId.of(id), CustomerId.of(customer), plan, status, price, interval, 1, quantity, startedAt,
                    canceledAt, endedAt, Optional.empty(), effectiveAt);
        }
    }

    /** A succeeded payment without refunds unless told otherwise. */
    public static PaymentBuilder payment(String id, String customer, String amount, String currency, Instant paidAt) {
        return new PaymentBuilder(id, customer, Money.of(amount, currency), paidAt);
    }

    public static final class PaymentBuilder {
        private final String id;
        private final String customer;
        private final Money amount;
        private final Instant paidAt;
        private PaymentStatus status = PaymentStatus.SUCCEEDED;
        private final List<Refund> refunds = new ArrayList<>();

        private PaymentBuilder(String id, String customer, Money amount, Instant paidAt) {
            this.id = id;
            this.customer = customer;
            this.amount = amount;
            this.paidAt = paidAt;
        }

        public PaymentBuilder failed() {
            status = PaymentStatus.FAILED;
            return this;
        }

        public PaymentBuilder refund(String refunded, Instant at) {
            refunds.add(new Refund(new Money(new BigDecimal(refunded), amount.currency()), at));
            return this;
        }

        public Payment build() {
            return new Payment(BillingId.of(id), CustomerId.of(customer), amount, status, paidAt, refunds);
        }
    }

    // ---- saved queries

    /** A saved query's definition: the query's JSON form (placeholders included) and its parameters; private unless told. */
    public static DefinitionBuilder savedQuery(String name, Map<String, Object> query) {
        return new DefinitionBuilder(name, query);
    }

    public static final class DefinitionBuilder {
        private final String name;
        private final Map<String, Object> query;
        private final List<QueryParam> params = new ArrayList<>();
        private Visibility visibility = Visibility.PRIVATE;

        private DefinitionBuilder(String name, Map<String, Object> query) {
            this.name = name;
            this.query = query;
        }

        public DefinitionBuilder param(QueryParam param) {
            params.add(param);
            return this;
        }

        public DefinitionBuilder shared() {
            visibility = Visibility.TENANT;
            return this;
        }

        public SavedQuery.Definition build() {
            return new SavedQuery.Definition(name, Optional.empty(), QueryTemplate.of(query, "query"), params, visibility);
        }
    }

    /** A parameter a run must give. */
    public static QueryParam requiredParam(String name, ParamType type) {
        return new QueryParam(name, type, Optional.empty(), true, List.of());
    }

    /** A parameter with a default, optionally limited to some values. */
    public static QueryParam param(String name, ParamType type, Object defaultValue, Object... allowed) {
        return new QueryParam(name, type, Optional.of(defaultValue), false, List.of(allowed));
    }
}
