package io.tally.application.port.in.reset;

/** The admin bulk usage reset: idempotent by key, set-based, audited in the same transaction. */
public interface ResetUsageUseCase {

    UsageResetResult resetUsage(ResetUsageCommand command);
}
