package io.tally.application.service;

import io.tally.application.port.in.analytics.ChangeMeterCommand;
import io.tally.application.port.in.analytics.ChangeMeterUseCase;
import io.tally.application.port.in.analytics.DefineMeterCommand;
import io.tally.application.port.in.analytics.DefineMeterUseCase;
import io.tally.application.port.in.analytics.DeleteMeterCommand;
import io.tally.application.port.in.analytics.DeleteMeterUseCase;
import io.tally.application.port.in.analytics.GetMeterQuery;
import io.tally.application.port.in.analytics.GetMeterUseCase;
import io.tally.application.port.in.analytics.ListMetersQuery;
import io.tally.application.port.in.analytics.ListMetersUseCase;
import io.tally.application.port.out.MeterStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Meters: the built-in ones, and those a tenant defines for itself. */
public final class MeterService implements DefineMeterUseCase, ListMetersUseCase, GetMeterUseCase, ChangeMeterUseCase, DeleteMeterUseCase {

    private final MeterStorePort meters;
    private final TenantService tenants;
    private final Clock clock;

    public MeterService(MeterStorePort meters, TenantService tenants, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
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
        if (!meters.create(command.actor().tenant(), meter, clock.instant())) {
            throw new ConflictException("a meter with the key '" + meter.key() + "' exists already");
        }
        return meter;
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
        if (!meters.update(command.actor().tenant(), meter, clock.instant())) {
            throw new NotFoundException("meter", meter.key().value());
        }
        return meter;
    }

    /**
     * Deletes the tenant's meter. (Plans' limits and scheduled reports will refer to meters; once they
     * exist, a meter they use cannot be deleted.)
     */
    @Override
    public void deleteMeter(DeleteMeterCommand command) {
        if (BuiltInMeters.isBuiltIn(command.key())) {
            throw new ConflictException("'" + command.key() + "' is a built-in meter and cannot be deleted");
        }
        tenants.current(command.actor().tenant());
        if (!meters.delete(command.actor().tenant(), command.key())) {
            throw new NotFoundException("meter", command.key().value());
        }
    }

    private static Meter ownMeter(Meter meter) {
        if (BuiltInMeters.isBuiltIn(meter.key())) {
            throw new ConflictException("'" + meter.key() + "' is a built-in meter's key; built-in meters cannot be defined or changed");
        }
        if (meter.builtIn()) {
            throw new IllegalArgumentException("a tenant's meter is not built in");
        }
        return meter;
    }
}
