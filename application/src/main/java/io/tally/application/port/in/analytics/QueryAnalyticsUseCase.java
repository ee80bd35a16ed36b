package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Period;

/** Answers an ad-hoc question about one meter: buckets, groups, totals and growth. */
public interface QueryAnalyticsUseCase {

    AnalyticsResult queryAnalytics(AnalyticsQuery query);

    /**
     * The period the question covers now, after the checks {@link #queryAnalytics} makes of who asks it (the customer
     * visible, tenant-wide figures not for customer-scoped tokens, billing figures for analysts), without answering it.
     */
    Period periodOf(AnalyticsQuery query);
}
