package io.tally.domain.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MrrLedgerTest {

    static final CurrencyCode USD = CurrencyCode.of("USD");
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");

    static SubscriptionVersion version(String id, String customer, SubscriptionStatus status, String price, BillingInterval interval,
                                       int count, int quantity, String started, String ended, String effective) {
        return new SubscriptionVersion(BillingId.of(id), CustomerId.of(customer), "plan", status, Money.of(price, "USD"), interval, count,
                quantity, Instant.parse(started), Optional.empty(), Optional.ofNullable(ended).map(Instant::parse), Optional.empty(),
                Instant.parse(effective));
    }

    @Nested
    class MonthlyAmounts {

        @Test
        void normalisesEveryIntervalAndRoundsOnceHalfUp() {
            String t = "2026-01-01T00:00:00Z";
            // 480 × 3 ÷ 12 = 120
            assertThat(version("a", "c", SubscriptionStatus.ACTIVE, "480", BillingInterval.YEAR, 1, 3, t, null, t).monthlyAmount().amount())
                    .isEqualByComparingTo("120.00");
            // 10 × 52 ÷ 12 = 43.333…
            assertThat(version("a", "c", SubscriptionStatus.ACTIVE, "10", BillingInterval.WEEK, 1, 1, t, null, t).monthlyAmount().amount())
                    .isEqualByComparingTo("43.33");
            // 1 × 365 ÷ 12 = 30.4166…
            assertThat(version("a", "c", SubscriptionStatus.ACTIVE, "1", BillingInterval.DAY, 1, 1, t, null, t).monthlyAmount().amount())
                    .isEqualByComparingTo("30.42");
            // 0.125 × 1 = 0.125 → 0.13 (half-up)
            assertThat(version("a", "c", SubscriptionStatus.ACTIVE, "0.125", BillingInterval.MONTH, 1, 1, t, null, t).monthlyAmount().amount())
                    .isEqualByComparingTo("0.13");
            // 90 every 3 months = 30
            assertThat(version("a", "c", SubscriptionStatus.ACTIVE, "90", BillingInterval.MONTH, 3, 1, t, null, t).monthlyAmount().amount())
                    .isEqualByComparingTo("30.00");
        }

        @Test
        void refusesImpossibleTerms() {
            String t = "2026-01-01T00:00:00Z";
            assertThatThrownBy(() -> version("a", "c", SubscriptionStatus.ACTIVE, "-1", BillingInterval.MONTH, 1, 1, t, null, t))
                    .isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> version("a", "c", SubscriptionStatus.ACTIVE, "1", BillingInterval.MONTH, 0, 1, t, null, t))
                    .isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> version("a", "c", SubscriptionStatus.ACTIVE, "1", BillingInterval.MONTH, 1, 1, t, "2025-12-31T00:00:00Z", t))
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class Movements {

        @Test
        void trialsCountOnlyWhenThePolicySaysSo() {
            List<SubscriptionVersion> trial = List.of(
                    version("t", "c", SubscriptionStatus.TRIALING, "20", BillingInterval.MONTH, 1, 1, "2026-03-01T00:00:00Z", null, "2026-03-01T00:00:00Z"));
            assertThat(MrrLedger.of(trial, MrrPolicy.DEFAULT).period(MARCH, APRIL).movements().get(USD).end()).isEqualByComparingTo("0");
            assertThat(MrrLedger.of(trial, new MrrPolicy(true, false)).period(MARCH, APRIL).movements().get(USD).end())
                    .isEqualByComparingTo("20");
        }

        @Test
        void aSwapOfSubscriptionsAtOneInstantIsExpansionNotChurnAndNew() {
            List<SubscriptionVersion> swap = List.of(
                    version("old", "c", SubscriptionStatus.ACTIVE, "50", BillingInterval.MONTH, 1, 1, "2026-01-01T00:00:00Z", "2026-03-10T00:00:00Z", "2026-01-01T00:00:00Z"),
                    version("new", "c", SubscriptionStatus.ACTIVE, "80", BillingInterval.MONTH, 1, 1, "2026-03-10T00:00:00Z", null, "2026-03-10T00:00:00Z"));
            MrrMovements moved = MrrLedger.of(swap, MrrPolicy.DEFAULT).period(MARCH, APRIL).movements().get(USD);
            assertThat(moved.expansion()).isEqualByComparingTo("30");
            assertThat(moved.churn()).isEqualByComparingTo("0");
            assertThat(moved.newMrr()).isEqualByComparingTo("0");
        }

        @Test
        void theFirstVersionAppliesBackToTheStart() {
            List<SubscriptionVersion> late = List.of(
                    version("s", "c", SubscriptionStatus.ACTIVE, "40", BillingInterval.MONTH, 1, 1, "2026-01-15T00:00:00Z", null, "2026-06-01T00:00:00Z"));
            MrrPeriod march = MrrLedger.of(late, MrrPolicy.DEFAULT).period(MARCH, APRIL);
            assertThat(march.movements().get(USD).start()).isEqualByComparingTo("40");
            assertThat(march.payingAtStart()).containsExactly(CustomerId.of("c"));
        }

        @Test
        void movementsThatDoNotReconcileCannotExist() {
            assertThatThrownBy(() -> new MrrMovements(USD, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.TEN)).isInstanceOf(IllegalStateException.class);
        }
    }
}
