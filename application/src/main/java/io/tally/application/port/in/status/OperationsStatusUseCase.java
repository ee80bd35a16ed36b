package io.tally.application.port.in.status;

import io.tally.application.port.out.operations.OperationsStatusPort.ServiceFigures;
import io.tally.domain.access.Actor;
import java.time.Duration;

/** The tenant status page (admins) and the service-wide figures the metrics show. */
public interface OperationsStatusUseCase {

    TenantStatus tenantStatus(Actor actor);

    /** Every tenant's export jobs by status and the fold lag, read at most every few seconds however often asked. */
    ServiceFigures serviceFigures();

    /** How far the rollups lag behind ingestion now: the age of the oldest delta not folded yet (zero when none). */
    Duration foldLag();
}
