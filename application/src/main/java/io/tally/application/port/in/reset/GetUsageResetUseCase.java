package io.tally.application.port.in.reset;

import io.tally.application.port.in.bulk.BulkResult;
import io.tally.domain.plan.UsageReset;

/** A reset with its per-customer result. */
public interface GetUsageResetUseCase {

    BulkResult<UsageReset> getUsageReset(UsageResetQuery query);
}
