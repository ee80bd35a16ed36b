package io.tally.application.port.in.plan;

/** The quota check other services call before they let a customer use more. */
public interface CheckQuotaUseCase {

    QuotaAnswer checkQuota(QuotaCheckCommand command);
}
