package io.tally.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRuleDefinitionTest {

    static Map<String, Object> failedTranscriptions() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Failed transcriptions jump");
        json.put("metric", "failed_transcriptions");
        json.put("scope", "each_customer");
        json.put("window", "last_24_hours");
        json.put("condition", Map.of("op", "above", "threshold", 5, "clear_threshold", "2.5", "for_evaluations", 2));
        json.put("severity", "high");
        json.put("evaluate_every", "10m");
        json.put("channels", List.of(Map.of("type", "email", "to", List.of("ops@acme.test"))));
        return json;
    }

    static void refused(Map<String, Object> json, String field, String message) {
        assertThatThrownBy(() -> AlertRuleDefinition.read(json)).isInstanceOf(InvalidValueException.class).hasMessageContaining(message)
                .extracting("field").isEqualTo(field);
    }

    static Map<String, Object> with(String field, Object value) {
        Map<String, Object> json = failedTranscriptions();
        if (value == null) {
            json.remove(field);
        } else {
            json.put(field, value);
        }
        return json;
    }

    @Test
    void readsEveryFieldAndWritesThemBack() {
        AlertRuleDefinition rule = AlertRuleDefinition.read(failedTranscriptions());

        assertThat(rule.source()).isEqualTo(new AlertSource.Metric(io.tally.domain.metric.MetricKey.of("failed_transcriptions")));
        assertThat(rule.scope()).isInstanceOf(AlertScope.EachCustomer.class);
        assertThat(rule.window()).isEqualTo(AlertWindow.LAST_24_HOURS);
        assertThat(rule.condition()).isEqualTo(new AlertCondition(AlertOp.ABOVE, new BigDecimal("5"), Optional.of(new BigDecimal("2.5")), 2,
                NoDataPolicy.NO_DATA));
        assertThat(rule.severity()).isEqualTo(Severity.HIGH);
        assertThat(rule.evaluateEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.mutedUntil()).isEmpty();

        Map<String, Object> written = rule.json();
        assertThat(written).containsEntry("evaluate_every", "10m").containsEntry("scope", "each_customer").containsEntry("muted_until", null);
        assertThat(AlertRuleDefinition.read(written)).isEqualTo(rule);
    }

    @Test
    void defaultsAreMediumEveryFiveMinutesAndTheLimitPeriodForALimitShare() {
        Map<String, Object> json = with("severity", null);
        json.remove("evaluate_every");
        AlertRuleDefinition rule = AlertRuleDefinition.read(json);
        assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(rule.evaluateEvery()).isEqualTo(Duration.ofMinutes(5));

        Map<String, Object> quota = with("window", null);
        quota.put("metric", "transcription_minutes");
        quota.put("condition", Map.of("op", "limit_pct_above", "threshold", 80));
        assertThat(AlertRuleDefinition.read(quota).window()).isEqualTo(AlertWindow.CURRENT_LIMIT_PERIOD);
        assertThat(AlertRuleDefinition.read(with("scope", Map.of("customer", "acme"))).scope()).isEqualTo(new AlertScope.Customer(
                io.tally.domain.customer.CustomerId.of("acme")));
    }

    @Test
    void aMutedRuleIsMutedUntilItsTime() {
        AlertRuleDefinition rule = AlertRuleDefinition.read(with("muted_until", "2027-04-01T08:00:00+02:00"));
        assertThat(rule.isMuted(Instant.parse("2027-04-01T05:59:59Z"))).isTrue();
        assertThat(rule.isMuted(Instant.parse("2027-04-01T06:00:00Z"))).isFalse();
    }

    @Test
    void problemsNameTheirField() {
        refused(with("condition", Map.of("op", "above", "threshold", 5, "clear_threshold", 6)), "condition.clear_threshold",
                "must be below the threshold (5)");
        refused(with("condition", Map.of("op", "above")), "condition.threshold", "is required");
        refused(with("condition", Map.of("op", "over", "threshold", 5)), "condition.op", "'over' is not a comparison");
        refused(with("condition", Map.of("op", "above", "threshold", "lots")), "condition.threshold", "must be a number");
        refused(with("condition", Map.of("op", "above", "threshold", 5, "for", 3)), "condition.for", "is not a field of a condition");
        refused(with("evaluate_every", "5s"), "evaluate_every", "10s to 1d");
        refused(with("evaluate_every", "2d"), "evaluate_every", "10s to 1d");
        refused(with("evaluate_every", "often"), "evaluate_every", "such as 30s");
        refused(with("window", "last_fortnight"), "window", "'last_fortnight' is not a window");
        refused(with("window", null), "window", "is required");
        refused(with("scope", "everyone"), "scope", "must be \"tenant\"");
        refused(with("severity", "urgent"), "severity", "'urgent' is not a severity");
        refused(with("metric", null), "metric", "is required");
        refused(with("saved_query", Map.of("id", "not-an-id")), "metric", "not both");
        refused(with("muted_until", "tomorrow"), "muted_until", "RFC 3339");
        refused(with("channels", List.of(Map.of("type", "pager"))), "channels[0].type", "");
        refused(with("currency", "eur"), "currency", "ISO 4217");
        assertThat(AlertRuleDefinition.read(with("channels", List.of())).channels()).as("a rule without channels keeps its history only").isEmpty();
        refused(with("every", "1m"), "every", "is not a field of an alert rule");

        Map<String, Object> tenantQuota = with("condition", Map.of("op", "limit_pct_above", "threshold", 80));
        tenantQuota.put("scope", "tenant");
        tenantQuota.remove("window");
        refused(tenantQuota, "scope", "limit_pct_above compares a customer's use");
        Map<String, Object> changeOverLimitPeriod = with("condition", Map.of("op", "change_pct_below", "threshold", -20));
        changeOverLimitPeriod.put("window", "current_limit_period");
        refused(changeOverLimitPeriod, "window", "current_limit_period is the window of limit_pct_above only");
    }
}
