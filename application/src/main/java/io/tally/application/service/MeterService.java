package io.tally.application.service;

import io.tally.application.port.in.meter.ChangeMeterCommand;
import io.tally.application.port.in.meter.ChangeMeterUseCase;
import io.tally.application.port.in.meter.DefineMeterCommand;
import io.tally.application.port.in.meter.DefineMeterUseCase;
import io.tally.application.port.in.meter.DeleteMeterCommand;
import io.tally.application.port.in.meter.DeleteMeterUseCase;
import io.tally.application.port.in.meter.GetMeterQuery;
import io.tally.application.port.in.meter.GetMeterUseCase;
import io.tally.application.port.in.meter.ListMetersQuery;
import io.tally.application.port.in.meter.ListMetersUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.PlanStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.metric.Formula;
import io.tally.domain.plan.Plan;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Meters: the built-in ones, and those a tenant defines for itself. Defining, changing and deleting a meter
 * changes what figures mean, so each is written to the audit log in the same transaction.
 */
public final class MeterService implements DefineMeterUseCase, ListMetersUseCase, GetMeterUseCase, ChangeMeterUseCase, DeleteMeterUseCase {

    static final String METER_DEFINED = "meter.defined";
    static final String METER_CHANGED = "meter.changed";
    static final String METER_DELETED = "meter.deleted";

    private final MeterStorePort meters;
    private final PlanStorePort plans;
    private final MetricStorePort metrics;
    private final TenantService tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    public MeterService(MeterStorePort meters, PlanStorePort plans, MetricStorePort metrics, TenantService tenants, AuditLogPort audit,
                        TransactionPort transactions, Clock clock) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The meter with this key for the caller's tenant: built-in, else its own; not found otherwise. */
    public Meter resolve(Actor actor, MeterKey key) {
        return BuiltInMeters.find(key).or(() -> {
            tenants.current(actor.tenant());
            return meters.find(actor.tenant(), key);
        }).orElseThrow(() -> new NotFoundException("meter", key.value()));
    }

    @Override
    public Meter defineMeter(DefineMeterCommand command) {
        Meter meter = ownMeter(command.meter());
        tenants.current(command.actor().tenant());
        return transactions.inTransaction(() -> {
            if (!meters.create(command.actor().tenant(), meter, clock.instant())) {
                throw new ConflictException("a meter with the key '" + meter.key() + "' exists already");
            }
            audit.append(AuditEntry.of(command.actor(), clock.instant(), METER_DEFINED, target(meter.key()), Map.of("meter", describe(meter))));
            return meter;
        });
    }

    @Override
    public List<Meter> listMeters(ListMetersQuery query) {
        tenants.current(query.actor().tenant());
        List<Meter> all = new ArrayList<>(BuiltInMeters.all());
        all.addAll(meters.list(query.actor().tenant()));
        return all;
    }

    @Override
    public Meter getMeter(GetMeterQuery query) {
        return resolve(query.actor(), query.key());
    }

    @Override
    public Meter changeMeter(ChangeMeterCommand command) {
        Meter meter = ownMeter(command.meter());
        tenants.current(command.actor().tenant());
        return transactions.inTransaction(() -> {
            Meter before = meters.findForUpdate(command.actor().tenant(), meter.key())
                    .orElseThrow(() -> new NotFoundException("meter", meter.key().value()));
            if (!describe(before).equals(describe(meter))) {
                meters.update(command.actor().tenant(), meter, clock.instant());
                audit.append(AuditEntry.of(command.actor(), clock.instant(), METER_CHANGED, target(meter.key()),
                        Map.of("from", describe(before), "to", describe(meter))));
            }
            return meter;
        });
    }

    /** Deletes the tenant's meter, unless a plan limits it or a metric is measured with it (409 naming them). */
    @Override
    public void deleteMeter(DeleteMeterCommand command) {
        if (BuiltInMeters.isBuiltIn(command.key())) {
            throw new ConflictException("'" + command.key() + "' is a built-in meter and cannot be deleted");
        }
        tenants.current(command.actor().tenant());
        transactions.inTransaction(() -> {
            Meter before = meters.findForUpdate(command.actor().tenant(), command.key())
                    .orElseThrow(() -> new NotFoundException("meter", command.key().value()));
            List<String> limiting = plans.list(command.actor().tenant()).stream()
                    .filter(plan -> plan.limitOf(command.key()).isPresent()).map(Plan::key).toList();
            if (!limiting.isEmpty()) {
                throw new ConflictException("meter '" + command.key().value() + "' is limited by the plans " + String.join(", ", limiting)
                        + "; remove those limits first");
            }
            List<String> measuring = metrics.list(command.actor().tenant()).stream()
                    .filter(metric -> metric.formula() instanceof Formula.OfMeter of && of.meter().equals(command.key()))
                    .map(metric -> metric.key().value()).toList();
            if (!measuring.isEmpty()) {
                throw new ConflictException("meter '" + command.key().value() + "' is used by the metrics " + String.join(", ", measuring)
                        + "; change or delete those first");
            }
            meters.delete(command.actor().tenant(), command.key());
            audit.append(AuditEntry.of(command.actor(), clock.instant(), METER_DELETED, target(command.key()), Map.of("meter", describe(before))));
            return null;
        });
    }

    private static String target(MeterKey key) {
        return "meter:" + key.value();
    }

    /** A meter's definition as audit details (absent optional parts left out). */
    static Map<String, Object> describe(Meter meter) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", meter.name());
        meter.description().ifPresent(description -> definition.put("description", description));
        definition.put("event_type", meter.eventType().value());
        definition.put("aggregation", meter.aggregation().wireName());
        meter.measure().ifPresent(measure -> definition.put("measure", measure));
        meter.dimension().ifPresent(dimension -> definition.put("dimension", dimension));
        definition.put("filters", Map.copyOf(meter.filters()));
        definition.put("group_by", List.copyOf(meter.groupBy()));
        definition.put("divisor", meter.divisor().stripTrailingZeros().toPlainString());
        meter.decimals().ifPresent(decimals -> definition.put("decimals", decimals));
        meter.join().ifPresent(join -> definition.put("join", Map.of("event_type", join.itemType().value(), "on", join.on())));
        return definition;
    }

    private static Meter ownMeter(Meter meter) {
        if (BuiltInMeters.isBuiltIn(meter.key())) {
            throw new ConflictException("'" + meter.key() + "' is a built-in meter's key; built-in meters cannot be defined or changed");
        }
        if (meter.builtIn()) {
            throw new IllegalArgumentException("a tenant's meter is not built in");
        }
        return meter.requireDefinable();
    }
}
