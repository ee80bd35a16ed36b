package io.tally.application.port.in.status;

import io.tally.application.port.out.operations.OperationsStatusPort.TenantFigures;
import io.tally.domain.tenant.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A tenant's status at {@code at}: its figures, how far the rollups lag behind, and its retention policy. */
public record TenantStatus(Instant at, TenantFigures figures, Duration rollupLag, Retention retention) {

    public TenantStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(rollupLag, "rollupLag");
        Objects.requireNonNull(retention, "retention");
    }

    /** ok, or degraded when something needs an admin: failing schedules or rules, failed exports, overdue requests. */
    public String health() {
        boolean degraded = !figures.failingSchedules().isEmpty() || !figures.failingAlertRules().isEmpty()
                || figures.exportsFailedLastWeek() > 0 || figures.privacyOverdue() > 0;
        return degraded ? "degraded" : "ok";
    }
}
