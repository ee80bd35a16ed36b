package io.tally.application.service;

import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.plan.CheckQuotaUseCase;
import io.tally.application.port.in.plan.CustomerLimits;
import io.tally.application.port.in.plan.CustomerLimitsQuery;
import io.tally.application.port.in.plan.GetCustomerLimitsUseCase;
import io.tally.application.port.in.plan.QuotaAnswer;
import io.tally.application.port.in.plan.QuotaCheckCommand;
import io.tally.application.port.out.BillingStorePort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.CustomerStorePort.CustomerWithResets;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageAggregationPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.Figures;
import io.tally.domain.analytics.Measurement;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.billing.SubscriptionsInForce;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.Customer;
import io.tally.domain.plan.BillingCycle;
import io.tally.domain.plan.Enforcement;
import io.tally.domain.plan.LimitPeriod;
import io.tally.domain.plan.LimitWindow;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Usage against limits, and the quota check. Both compute a limit the same way: its window
 * ({@link LimitWindow}: calendar month or billing cycle in the customer's timezone, honouring resets), then
 * the meter over the customer's events from where the counted usage starts to the window's end, exactly as
 * the analytics figures do. A reserving check locks the customer, so concurrent reservations are decided one
 * after another and can never spend more than the limit.
 */
public final class LimitService implements GetCustomerLimitsUseCase, CheckQuotaUseCase {

    /** Source of the events a reserving quota check records. */
    static final String RESERVATION_SOURCE = "tally.quota";
    /** At most this many events are recorded for one reservation on a count meter. */
    public static final int MAX_COUNT_RESERVATION = 1000;

    private final PlanService plans;
    private final BillingStorePort billing;
    private final CustomerStorePort customers;
    private final UsageAggregationPort usage;
    private final MeterService meters;
    private final UsageEventService events;
    private final TenantService tenants;
    private final TransactionPort transactions;
    private final Clock clock;

    public LimitService(PlanService plans, BillingStorePort billing, CustomerStorePort customers,
                        UsageAggregationPort usage, MeterService meters, UsageEventService events, TenantService tenants,
                        TransactionPort transactions, Clock clock) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.events = Objects.requireNonNull(events, "events");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CustomerLimits getCustomerLimits(CustomerLimitsQuery query) {
        Actor actor = query.actor();
        actor.requireVisible(query.customer());
        Tenant tenant = tenants.current(actor.tenant());
        CustomerWithResets found = customers.findWithResets(actor.tenant(), query.customer())
                .orElseThrow(() -> new NotFoundException("customer", query.customer().value()));
        Customer customer = found.customer();
        Instant now = query.at().filter(at -> at.isBefore(clock.instant())).orElse(clock.instant());
        Optional<String> planKey = customer.profile().plan();
        Optional<Plan> plan = planKey.flatMap(key -> plans.current(actor.tenant(), key));
        if (plan.isEmpty()) {
            return new CustomerLimits(customer.id(), planKey, false, now, List.of());
        }
        Context context = context(actor, tenant, found);
        List<CustomerLimits.LimitUsage> limits = new ArrayList<>();
        for (PlanLimit limit : plan.get().limits()) {
            Optional<Meter> meter = meter(actor, limit.meter());
            if (meter.isPresent()) {
                limits.add(usage(context, limit, meter.get(), now));
            }
        }
        return new CustomerLimits(customer.id(), planKey, true, now, limits);
    }

    @Override
    public QuotaAnswer checkQuota(QuotaCheckCommand command) {
        Actor actor = command.actor();
        if (command.amount().signum() < 0) {
            throw new InvalidValueException("amount", "must not be negative");
        }
        if (command.reserve() && command.amount().signum() == 0) {
            throw new InvalidValueException("amount", "a reservation needs an amount above 0");
        }
        Tenant tenant = tenants.current(actor.tenant());
        Meter meter;
        try {
            meter = meters.resolve(actor, command.meter());
        } catch (NotFoundException unknown) {
            throw new InvalidValueException("meter", "'" + command.meter().value() + "' is not a meter of this tenant");
        }
        if (command.reserve()) {
            checkReservable(meter, command.amount());
        }
        // a plain check only reads, and needs no transaction; a reservation locks the customer for its check and write
        return command.reserve() ? transactions.inTransaction(() -> decide(command, tenant, meter)) : decide(command, tenant, meter);
    }

    private QuotaAnswer decide(QuotaCheckCommand command, Tenant tenant, Meter meter) {
        Actor actor = command.actor();
        if (command.reserve()) {
            customers.lock(actor.tenant(), command.customer());
        }
        // the customer and its resets in one read: a plain check is that read and the meter's
        CustomerWithResets found = customers.findWithResets(actor.tenant(), command.customer())
                .orElseThrow(() -> new NotFoundException("customer", command.customer().value()));
        Customer customer = found.customer();
        Optional<PlanLimit> limit = customer.profile().plan().flatMap(key -> plans.current(actor.tenant(), key))
                .flatMap(plan -> plan.limitOf(meter.key()));
        Instant now = clock.instant();
        if (limit.isEmpty()) {
            if (command.reserve()) {
                reserve(actor, customer, meter, command.amount(), now);
            }
            return new QuotaAnswer(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    command.reserve());
        }
        CustomerLimits.LimitUsage current = usage(context(actor, tenant, found), limit.get(), meter, now);
        BigDecimal amount = limit.get().amount();
        boolean fits = current.used().add(command.amount()).compareTo(amount) <= 0;
        boolean allowed = fits || limit.get().enforcement() == Enforcement.SOFT;
        boolean reserved = command.reserve() && allowed;
        BigDecimal used = reserved ? current.used().add(command.amount()) : current.used();
        if (reserved) {
            reserve(actor, customer, meter, command.amount(), now);
        }
        return new QuotaAnswer(allowed, Optional.of(amount.subtract(used).max(BigDecimal.ZERO)), Optional.of(amount),
                Optional.of(current.window().end()), Optional.of(limit.get().enforcement()), Optional.of(used), reserved);
    }

    /** Only usage that adds up, and that an event can carry without a currency, can be reserved. */
    private static void checkReservable(Meter meter, BigDecimal amount) {
        if (!PlanService.isLimitable(meter)) {
            throw new InvalidValueException("meter", "'" + meter.key().value() + "' is not a count or sum meter; only those can be reserved");
        }
        if (meter.aggregation() == Aggregation.COUNT) {
            if (amount.stripTrailingZeros().scale() > 0 || amount.compareTo(BigDecimal.valueOf(MAX_COUNT_RESERVATION)) > 0) {
                throw new InvalidValueException("amount", "a count meter reserves whole events: 1 to " + MAX_COUNT_RESERVATION);
            }
        } else if (EventData.MONEY_MEASURES.contains(meter.measure().orElseThrow())) {
            throw new InvalidValueException("meter", "'" + meter.key().value() + "' adds up money, which needs a currency; it cannot be reserved");
        }
    }

    /**
     * Records the reserved usage as the meter's own events, carrying its filters as dimensions so that they
     * count: one event per unit for a count meter, one event with the amount (times the meter's divisor) for
     * a sum meter.
     */
    private void reserve(Actor actor, Customer customer, Meter meter, BigDecimal amount, Instant now) {
        List<UsageEvent> reserved = new ArrayList<>();
        String reservation = UUID.randomUUID().toString();
        if (meter.aggregation() == Aggregation.COUNT) {
            int count = amount.intValueExact();
            for (int i = 0; i < count; i++) {
                reserved.add(new UsageEvent(new EventKey(RESERVATION_SOURCE, reservation + "-" + i), meter.eventType(), Optional.of(customer.id()),
                        now, true, EventData.of(meter.filters(), Map.of())));
            }
        } else {
            BigDecimal measure = amount.multiply(meter.divisor());
            reserved.add(new UsageEvent(new EventKey(RESERVATION_SOURCE, reservation), meter.eventType(), Optional.of(customer.id()), now, true,
                    EventData.of(meter.filters(), Map.of(meter.measure().orElseThrow(), measure))));
        }
        events.recordUsage(new RecordUsageCommand(actor.tenant(), reserved));
    }

    private CustomerLimits.LimitUsage usage(Context context, PlanLimit limit, Meter meter, Instant now) {
        // the subscription is only read for a billing-cycle limit
        Optional<BillingCycle> cycle = limit.period() == LimitPeriod.BILLING_CYCLE ? context.cycle() : Optional.empty();
        LimitWindow window = LimitWindow.of(limit.period(), context.zone(), cycle, context.marks().getOrDefault(limit.meter(), List.of()), now);
        Measurement measurement = usage.measureUsage(context.actor().tenant(), context.customer().id(), List.of(meter),
                List.of(new Bucket(window.countedFrom(), window.end(), "limit")), TimeZoneId.of(context.zone().getId())).only(meter.key()).ungrouped();
        BigDecimal used = Optional.ofNullable(meter.valueOf(measurement)).orElse(BigDecimal.ZERO);
        BigDecimal amount = limit.amount();
        return new CustomerLimits.LimitUsage(limit, meter.name(), window, used, amount.subtract(used).max(BigDecimal.ZERO),
                amount.signum() == 0 ? Optional.empty() : Optional.of(Figures.percent(used, amount)), used.compareTo(amount) > 0);
    }

    private Optional<Meter> meter(Actor actor, MeterKey key) {
        try {
            return Optional.of(meters.resolve(actor, key));
        } catch (NotFoundException deleted) {
            return Optional.empty();
        }
    }

    private Context context(Actor actor, Tenant tenant, CustomerWithResets found) {
        Customer customer = found.customer();
        return new Context(actor, customer, customer.effectiveTimezone(tenant.settings()).zone(), () -> cycle(actor, customer), found.resets());
    }

    /** The billing cycle of the customer's subscription in force now ({@link SubscriptionsInForce}). */
    private Optional<BillingCycle> cycle(Actor actor, Customer customer) {
        return SubscriptionsInForce.of(billing.versions(actor.tenant(), customer.id())).current(customer.id(), clock.instant())
                .map(version -> new BillingCycle(version.startedAt(), length(version)));
    }

    private static Period length(SubscriptionVersion version) {
        int n = version.intervalCount();
        return switch (version.interval()) {
            case DAY -> Period.ofDays(n);
            case WEEK -> Period.ofDays(7 * n);
            case MONTH -> Period.ofMonths(n);
            case YEAR -> Period.ofYears(n);
        };
    }

    /** What every limit of one customer is measured with; the billing cycle is looked up once, when first needed. */
    private static final class Context {

        private final Actor actor;
        private final Customer customer;
        private final ZoneId zone;
        private final Supplier<Optional<BillingCycle>> lookup;
        private final Map<MeterKey, List<ResetMark>> marks;
        private Optional<BillingCycle> cycle;

        Context(Actor actor, Customer customer, ZoneId zone, Supplier<Optional<BillingCycle>> lookup, Map<MeterKey, List<ResetMark>> marks) {
            this.actor = actor;
            this.customer = customer;
            this.zone = zone;
            this.lookup = lookup;
            this.marks = marks;
        }

        Actor actor() {
            return actor;
        }

        Customer customer() {
            return customer;
        }

        ZoneId zone() {
            return zone;
        }

        Map<MeterKey, List<ResetMark>> marks() {
            return marks;
        }

        Optional<BillingCycle> cycle() {
            if (cycle == null) {
                cycle = lookup.get();
            }
            return cycle;
        }
    }
}
