package io.tally.application.service.status;

import io.tally.application.port.in.status.OperationsStatusUseCase;
import io.tally.application.port.in.status.TenantStatus;
import io.tally.application.port.out.operations.OperationsStatusPort;
import io.tally.application.port.out.operations.OperationsStatusPort.ServiceFigures;
import io.tally.application.port.out.operations.OperationsStatusPort.TenantFigures;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tenant's status for its admins, and the service-wide figures for the metrics endpoint. The latter are read from the
 * database at most every {@link #SERVICE_FIGURES_TTL}, so that a scrape of several gauges (or several scrapers) costs
 * one query.
 */
public final class OperationsStatusService implements OperationsStatusUseCase {

    static final Duration SERVICE_FIGURES_TTL = Duration.ofSeconds(5);

    private final OperationsStatusPort status;
    private final Function<TenantId, Tenant> tenants;
    private final Clock clock;
    private volatile Cached cached;

    public OperationsStatusService(OperationsStatusPort status, Function<TenantId, Tenant> tenants, Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public TenantStatus tenantStatus(Actor actor) {
        actor.requireRole(Role.ADMIN, "the tenant status is for admins and owners");
        Tenant tenant = tenants.apply(actor.tenant());
        Instant now = clock.instant();
        TenantFigures figures = status.tenantFigures(actor.tenant(), now);
        return new TenantStatus(now, figures, lag(figures.oldestPendingDelta(), now), tenant.settings().retention());
    }

    @Override
    public ServiceFigures serviceFigures() {
        Instant now = clock.instant();
        Cached current = cached;
        if (current == null || !now.isBefore(current.at().plus(SERVICE_FIGURES_TTL))) {
            current = new Cached(now, status.serviceFigures());
            cached = current;
        }
        return current.figures();
    }

    @Override
    public Duration foldLag() {
        return lag(serviceFigures().oldestPendingDelta(), clock.instant());
    }

    private static Duration lag(Optional<Instant> oldest, Instant now) {
        return oldest.map(at -> Duration.between(at, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }

    private record Cached(Instant at, ServiceFigures figures) {
    }
}
