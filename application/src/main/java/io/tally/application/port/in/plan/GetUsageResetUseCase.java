package io.tally.application.port.in.plan;

/** A reset with its per-customer result. */
public interface GetUsageResetUseCase {

    UsageResetResult getUsageReset(UsageResetQuery query);
}
