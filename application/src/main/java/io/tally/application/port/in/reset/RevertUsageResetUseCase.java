package io.tally.application.port.in.reset;

import io.tally.domain.plan.UsageReset;

/** Reverts a reset (once; reverting again changes nothing), audited. */
public interface RevertUsageResetUseCase {

    UsageReset revertUsageReset(RevertUsageResetCommand command);
}
