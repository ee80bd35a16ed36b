package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Period;
import io.tally.domain.common.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's calls in a period: how many, how many completed and the success rate (null without calls),
 * the mean duration (null without calls), the cost per currency, calls per outcome (by outcome name) and
 * per agent (most calls first), and calls per local day (every day of the period, 0 when there were none).
 */
public record CallActivity(Period period, long totalCalls, long completedCalls, BigDecimal successRate, BigDecimal averageDurationS,
                           List<Money> totalCost, Map<String, Long> callsByOutcome, List<AgentActivity> agents, List<DailyCalls> daily) {

    public CallActivity {
        totalCost = List.copyOf(totalCost);
        callsByOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(callsByOutcome));
        agents = List.copyOf(agents);
        daily = List.copyOf(daily);
    }

    public record AgentActivity(String agent, long calls, long completed, BigDecimal successRate) {
    }

    public record DailyCalls(LocalDate date, long calls) {
    }
}
