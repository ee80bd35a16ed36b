package io.tally.application.port.in.reset;

/** A reset with its per-customer result. */
public interface GetUsageResetUseCase {

    UsageResetResult getUsageReset(UsageResetQuery query);
}
