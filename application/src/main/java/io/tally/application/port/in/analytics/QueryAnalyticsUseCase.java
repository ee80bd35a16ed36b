package io.tally.application.port.in.analytics;

/** Answers an ad-hoc question about one meter: buckets, groups, totals and growth. */
public interface QueryAnalyticsUseCase {

    AnalyticsResult queryAnalytics(AnalyticsQuery query);
}
