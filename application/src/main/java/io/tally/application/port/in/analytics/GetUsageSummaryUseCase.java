package io.tally.application.port.in.analytics;

/**
 * Every usage figure of a customer, or of the whole tenant with its ten customers with the most API calls,
 * over a period and the period before it.
 */
public interface GetUsageSummaryUseCase {

    UsageSummary getUsageSummary(UsageQuery query);
}
