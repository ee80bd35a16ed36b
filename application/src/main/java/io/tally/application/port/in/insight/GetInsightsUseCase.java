package io.tally.application.port.in.insight;

/** Insights of one metric's series: trend, seasonality, forecast with its own backtest, anomalies (viewer and above). */
public interface GetInsightsUseCase {

    InsightView getInsights(InsightQuery query);
}
