package io.tally.adapter.in.web.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.MoneyResponse;
import io.tally.adapter.in.web.PeriodResponse;
import io.tally.application.port.in.analytics.CallActivity;
import io.tally.application.port.in.analytics.Figure;
import io.tally.application.port.in.analytics.UsageSummary;
import io.tally.domain.analytics.FigureValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the analytics endpoints. */
final class AnalyticsResponses {

    private AnalyticsResponses() {
    }

    /** A figure: {@code value} and {@code previous} are numbers (or null), or objects from a dimension value to a number. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FigureResponse(@Nullable Object value, @Nullable Object previous, @Nullable Object growthPct) {

        static FigureResponse of(Figure figure) {
            return new FigureResponse(plain(figure.value()), plain(figure.previous()), plain(figure.growthPct()));
        }

        private static Object plain(FigureValue value) {
            return switch (value) {
                case FigureValue.Scalar scalar -> scalar.value();
                case FigureValue.Breakdown breakdown -> breakdown.values();
            };
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TopCustomerResponse(String externalId, String displayName, long apiCalls) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SummaryResponse(PeriodResponse period, Map<String, FigureResponse> figures, @Nullable List<TopCustomerResponse> topCustomers,
                           @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable @Schema(description = QueryAnswers.AS_OF) Instant asOf) {

        static SummaryResponse of(UsageSummary summary) {
            Map<String, FigureResponse> figures = new LinkedHashMap<>();
            summary.figures().forEach(figure -> figures.put(figure.key().value(), FigureResponse.of(figure)));
            return new SummaryResponse(PeriodResponse.of(summary.period()), figures, summary.topCustomers()
                    .map(top -> top.stream().map(c -> new TopCustomerResponse(c.externalId(), c.displayName(), c.apiCalls())).toList())
                    .orElse(null), summary.asOf().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AgentResponse(String agent, long calls, long completed, @Nullable BigDecimal successRate) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DailyResponse(LocalDate date, long calls) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ActivityResponse(PeriodResponse period, long totalCalls, long completedCalls, @Nullable BigDecimal successRate,
                            @Nullable BigDecimal averageDurationS, List<MoneyResponse> totalCost, Map<String, Long> callsByOutcome,
                            List<AgentResponse> agents, List<DailyResponse> daily) {

        static ActivityResponse of(CallActivity activity) {
            return new ActivityResponse(PeriodResponse.of(activity.period()), activity.totalCalls(), activity.completedCalls(),
                    activity.successRate(), activity.averageDurationS(), activity.totalCost().stream().map(MoneyResponse::of).toList(),
                    activity.callsByOutcome(),
                    activity.agents().stream().map(a -> new AgentResponse(a.agent(), a.calls(), a.completed(), a.successRate())).toList(),
                    activity.daily().stream().map(d -> new DailyResponse(d.date(), d.calls())).toList());
        }
    }
}
