package io.tally.adapter.in.web.target;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetAssessment;
import io.tally.domain.target.TargetProjection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Targets and their assessments in the API's shape, for the targets API, insights and dashboards alike. */
public final class TargetJson {

    private TargetJson() {
    }

    public static Map<String, Object> target(MetricTarget target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("customer", target.customer().map(CustomerId::value).orElse(null));
        json.put("period", target.period().wireName());
        json.put("comparison", target.comparison().wireName());
        json.put("value", new BigDecimal(target.value().stripTrailingZeros().toPlainString()));
        json.put("currency", target.currency().map(CurrencyCode::value).orElse(null));
        return json;
    }

    /** A target with where it stands: its current period, the finished days' value, the projection, the status (null without one) and why. */
    public static Map<String, Object> assessment(TargetAssessment assessment) {
        Map<String, Object> json = target(assessment.target());
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("period_start", assessment.periodStart().toString());
        current.put("period_end", assessment.periodEnd().toString());
        current.put("days_left", assessment.daysLeft());
        current.put("so_far", assessment.soFar().map(TargetJson::round).orElse(null));
        TargetProjection projection = assessment.projection().orElse(null);
        current.put("projected", projection == null ? null : round(projection.projected()));
        current.put("interval_80", projection == null ? null : List.of(round(projection.low80()), round(projection.high80())));
        current.put("status", projection == null ? null : projection.status().wireName());
        current.put("note", assessment.note().orElse(null));
        json.put("current", current);
        return json;
    }

    static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
