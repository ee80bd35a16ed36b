package io.tally.application.port.in.reset;

import io.tally.application.port.in.bulk.BulkResult;
import io.tally.domain.plan.UsageReset;

/** The admin bulk usage reset: idempotent by key, set-based, audited in the same transaction. */
public interface ResetUsageUseCase {

    BulkResult<UsageReset> resetUsage(ResetUsageCommand command);
}
