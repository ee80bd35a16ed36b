package io.tally.application.service.alert;

import static io.tally.application.service.alert.AlertFakes.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.Severity;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricUnit;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What notifications say: amounts with their units, the comparison in words, subject lines. */
class AlertNoticesTest {

    static final Instant AT = Instant.parse("2027-03-03T12:00:00Z");
    static final UUID EVENT = UUID.fromString("00000000-0000-0000-0000-0000000000e1");

    static AlertEvent event(AlertEvent.Kind kind, String name, AlertSubject subject, AlertState from, AlertState to, String value, String threshold) {
        return new AlertEvent(EVENT, kind, kind == AlertEvent.Kind.QUOTA ? Optional.empty() : Optional.of(UUID.fromString(
                "00000000-0000-0000-0000-0000000000a1")), name, Severity.MEDIUM, subject, from, to, Optional.ofNullable(value).map(BigDecimal::new),
                new BigDecimal(threshold), AT, true);
    }

    static AlertNotices notices(MetricUnit unit, Optional<String> currency) {
        return new AlertNotices(event(AlertEvent.Kind.TRANSITION, "Spend", AlertSubject.TENANT, AlertState.OK, AlertState.FIRING, "1", "1"),
                Optional.empty(), unit, currency, Optional.empty(), Optional.empty(), ZoneId.of("UTC"));
    }

    static String amount(MetricUnit unit, String value) {
        return notices(unit, Optional.empty()).amount(new BigDecimal(value));
    }

    @Test
    void countsShowAtMostTwoDecimalsAndNoTrailingZeros() {
        assertThat(amount(MetricUnit.COUNT, "7")).isEqualTo("7");
        assertThat(amount(MetricUnit.COUNT, "7.000")).isEqualTo("7");
        assertThat(amount(MetricUnit.COUNT, "12.5")).isEqualTo("12.5");
        assertThat(amount(MetricUnit.COUNT, "1234567")).isEqualTo("1,234,567");
        assertThat(amount(MetricUnit.COUNT, "1E+3")).isEqualTo("1,000");
        // half-even: 2.345 to 2.34, 2.355 to 2.36
        assertThat(amount(MetricUnit.COUNT, "2.345")).isEqualTo("2.34");
        assertThat(amount(MetricUnit.COUNT, "2.355")).isEqualTo("2.36");
    }

    @Test
    void percentsKeepUpToSixDecimalsWithASpacedSign() {
        assertThat(amount(MetricUnit.PERCENT, "81.25")).isEqualTo("81.25 %");
        assertThat(amount(MetricUnit.PERCENT, "81.250000")).isEqualTo("81.25 %");
        assertThat(amount(MetricUnit.PERCENT, "80")).isEqualTo("80 %");
        assertThat(amount(MetricUnit.PERCENT, "33.33333333")).isEqualTo("33.333333 %");
        assertThat(amount(MetricUnit.PERCENT, "-12.5")).isEqualTo("-12.5 %");
    }

    @Test
    void moneyAlwaysShowsTwoDecimalsAndItsCurrency() {
        AlertNotices euros = notices(MetricUnit.MONEY, Optional.of("EUR"));

        assertThat(euros.amount(new BigDecimal("1204.5"))).isEqualTo("1,204.50 EUR");
        assertThat(euros.amount(new BigDecimal("1000000"))).isEqualTo("1,000,000.00 EUR");
        assertThat(euros.amount(new BigDecimal("0.125"))).isEqualTo("0.12 EUR");
        assertThat(euros.amount(new BigDecimal("0.135"))).isEqualTo("0.14 EUR");
        assertThat(notices(MetricUnit.MONEY, Optional.empty()).amount(new BigDecimal("3"))).isEqualTo("3.00");
    }

    @Test
    void secondsAndMegabytesCarryTheirUnit() {
        assertThat(amount(MetricUnit.SECONDS, "12.50")).isEqualTo("12.5 s");
        assertThat(amount(MetricUnit.MEGABYTES, "300")).isEqualTo("300 MB");
        assertThat(amount(MetricUnit.NUMBER, "1234.5678901")).isEqualTo("1,234.56789");
    }

    @Test
    void aQuotaCrossingSaysHowMuchOfThePlanLimitIsUsed() {
        AlertNotices quota = new AlertNotices(event(AlertEvent.Kind.QUOTA, "api_calls_made limit of pro", AlertSubject.of(CustomerId.of("globex")),
                AlertState.OK, AlertState.FIRING, "81.250000", "80"), Optional.empty(), MetricUnit.PERCENT, Optional.empty(), Optional.of("Globex Inc"),
                Optional.of(URI.create("https://tally.test/api/v1/customers/globex")), ZoneId.of("Europe/Berlin"));

        assertThat(quota.type()).isEqualTo("quota.crossed");
        assertThat(quota.comparison()).isEqualTo("81.25 % of the plan limit used (alert at 80 %)");
        assertThat(quota.subjectLine()).isEqualTo("[LIMIT · medium] api_calls_made limit of pro: Globex Inc (globex)");
        // 12:00Z is 13:00 in Berlin in March
        assertThat(quota.text()).contains("At: 2027-03-03 13:00 Europe/Berlin\n").doesNotContain("Window:");
        assertThat(quota.payload()).containsEntry("value", "81.250000").containsEntry("unit", "percent").doesNotContainKey("currency");
        assertThat(quota.payload().get("rule")).isEqualTo(Map.of("name", "api_calls_made limit of pro", "severity", "medium"));
    }

    @Test
    void aChangeInPercentIsComparedWithTheWindowBefore() {
        AlertRule rule = AlertRule.create(UUID.fromString("00000000-0000-0000-0000-0000000000a1"), rule("name", "Calls < last week & falling",
                "window", "last_7_days", "condition", Map.of("op", "change_pct_below", "threshold", -20)), "mia", AT);
        AlertNotices change = new AlertNotices(event(AlertEvent.Kind.TRANSITION, "Calls < last week & falling", AlertSubject.TENANT,
                AlertState.PENDING, AlertState.FIRING, "-25.5", "-20"), Optional.of(rule), MetricUnit.PERCENT, Optional.empty(), Optional.empty(),
                Optional.empty(), ZoneId.of("UTC"));

        assertThat(change.type()).isEqualTo("alert.firing");
        assertThat(change.comparison()).isEqualTo("change from the window before: -25.5 % (threshold: a change below -20 %)");
        assertThat(change.subjectLine()).isEqualTo("[FIRING · medium] Calls < last week & falling: the whole tenant");
        assertThat(change.text()).contains("Window: last 7 days\n").doesNotContain("Customer:");
        assertThat(change.html()).contains("<h2 style=\"margin:8px 0\">Calls &lt; last week &amp; falling</h2>").doesNotContain("Calls < last");
    }

    @Test
    void aCustomerWithoutANameIsCalledByItsId() {
        AlertNotices resolved = new AlertNotices(event(AlertEvent.Kind.TRANSITION, "Call spike", AlertSubject.of(CustomerId.of("initech")),
                AlertState.FIRING, AlertState.OK, "3", "5"), Optional.empty(), MetricUnit.COUNT, Optional.empty(), Optional.of("initech"),
                Optional.empty(), ZoneId.of("UTC"));

        assertThat(resolved.type()).isEqualTo("alert.resolved");
        assertThat(resolved.subjectLine()).isEqualTo("[RESOLVED · medium] Call spike: initech is back to normal");
        assertThat(resolved.comparison()).as("the rule is gone: no operator to name").isEqualTo("value: 3 (threshold 5)");
    }
}
