package io.tally.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {

    static final Instant AT = Instant.parse("2027-03-01T09:00:00Z");
    static final AlertSubject ACME = AlertSubject.of(CustomerId.of("acme"));
    static final AlertSubject GLOBEX = AlertSubject.of(CustomerId.of("globex"));

    static AlertRuleDefinition rule(Object mutedUntil) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Failed transcriptions");
        json.put("metric", "failed_transcriptions");
        json.put("scope", "each_customer");
        json.put("window", "last_24_hours");
        json.put("condition", Map.of("op", "above", "threshold", 5));
        json.put("channels", List.of(Map.of("type", "storage")));
        json.put("muted_until", mutedUntil);
        return AlertRuleDefinition.read(json);
    }

    static Optional<BigDecimal> value(String text) {
        return Optional.of(new BigDecimal(text));
    }

    @Test
    void eachCustomerKeepsAStateOfItsOwn() {
        RuleEvaluation first = RuleEvaluation.of(rule(null), Map.of(), Map.of(ACME, value("6"), GLOBEX, value("5")), AT);
        assertThat(first.states().get(ACME).state()).isEqualTo(AlertState.FIRING);
        assertThat(first.states().get(GLOBEX).state()).as("5 is not above 5").isEqualTo(AlertState.OK);
        assertThat(first.changes()).singleElement().satisfies(change -> {
            assertThat(change.subject()).isEqualTo(ACME);
            assertThat(change.notified()).isTrue();
        });

        // acme goes back to 2, globex jumps to 9; a customer missing from the answer is evaluated without a value
        RuleEvaluation second = RuleEvaluation.of(rule(null), first.states(), Map.of(GLOBEX, value("9")), AT.plusSeconds(600));
        assertThat(second.states().get(ACME).state()).as("no data keeps a firing subject firing").isEqualTo(AlertState.FIRING);
        assertThat(second.states().get(GLOBEX).state()).isEqualTo(AlertState.FIRING);
        RuleEvaluation third = RuleEvaluation.of(rule(null), second.states(), Map.of(ACME, value("2"), GLOBEX, value("9")), AT.plusSeconds(1200));
        assertThat(third.changes()).singleElement().satisfies(change -> {
            assertThat(change.subject()).isEqualTo(ACME);
            assertThat(change.transition().resolves()).isTrue();
        });
    }

    @Test
    void aMutedRuleRecordsItsTransitionsButNotifiesNone() {
        RuleEvaluation muted = RuleEvaluation.of(rule("2027-03-01T10:00:00Z"), Map.of(), Map.of(ACME, value("6")), AT);
        assertThat(muted.changes()).singleElement().satisfies(change -> {
            assertThat(change.transition().to()).isEqualTo(AlertState.FIRING);
            assertThat(change.notified()).isFalse();
        });
        RuleEvaluation after = RuleEvaluation.of(rule("2027-03-01T10:00:00Z"), Map.of(), Map.of(ACME, value("6")), Instant.parse("2027-03-01T10:00:00Z"));
        assertThat(after.changes().getFirst().notified()).isTrue();
    }

    @Test
    void valuesAreTheFigureItsChangeOrItsShareOfTheLimit() {
        assertThat(AlertValue.of(AlertOp.ABOVE, value("12.5"), Optional.empty(), Optional.empty())).contains(new BigDecimal("12.5"));
        // (80 - 100) / 100 × 100 = -20
        assertThat(AlertValue.of(AlertOp.CHANGE_PCT_BELOW, value("80"), value("100"), Optional.empty())).contains(new BigDecimal("-20.000000"));
        // (1 - 3) / 3 × 100 = -66.666667 (half-even at 6 decimals)
        assertThat(AlertValue.of(AlertOp.CHANGE_PCT_BELOW, value("1"), value("3"), Optional.empty())).contains(new BigDecimal("-66.666667"));
        assertThat(AlertValue.of(AlertOp.CHANGE_PCT_ABOVE, value("5"), value("0"), Optional.empty())).as("no change from nothing").isEmpty();
        // 2,400 of a 3,000 limit = 80 %
        assertThat(AlertValue.of(AlertOp.LIMIT_PCT_ABOVE, value("2400"), Optional.empty(), value("3000"))).contains(new BigDecimal("80.000000"));
        assertThat(AlertValue.of(AlertOp.LIMIT_PCT_ABOVE, value("2400"), Optional.empty(), Optional.empty())).as("no limit").isEmpty();
        assertThat(AlertValue.of(AlertOp.ABOVE, Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void eightyPercentOfTheLimitIsNotAboveEighty() {
        AlertCondition quota = new AlertCondition(AlertOp.LIMIT_PCT_ABOVE, new BigDecimal("80"), Optional.empty(), 1, NoDataPolicy.NO_DATA);
        assertThat(quota.breaches(AlertValue.of(AlertOp.LIMIT_PCT_ABOVE, value("2400"), Optional.empty(), value("3000")).orElseThrow())).isFalse();
        assertThat(quota.breaches(AlertValue.of(AlertOp.LIMIT_PCT_ABOVE, value("2401"), Optional.empty(), value("3000")).orElseThrow())).isTrue();
    }
}
