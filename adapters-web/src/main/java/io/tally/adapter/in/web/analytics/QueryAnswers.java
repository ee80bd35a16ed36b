package io.tally.adapter.in.web.analytics;

import io.tally.adapter.in.web.analytics.AnalyticsResponses.MetricsQueryResponse;
import io.tally.adapter.in.web.analytics.AnalyticsResponses.QueryResponse;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.customer.CustomerId;

/** The JSON answer to a question: in a meter's shape when it asked about a meter, else one series per metric. */
public final class QueryAnswers {

    private QueryAnswers() {
    }

    public static Object of(AnalyticsResult result, QueryDefinition definition) {
        String customer = definition.customer().map(CustomerId::value).orElse(null);
        String bucket = definition.bucket().wireName();
        return definition.meter().isPresent() ? QueryResponse.of(result, customer, bucket) : MetricsQueryResponse.of(result, customer, bucket);
    }
}
