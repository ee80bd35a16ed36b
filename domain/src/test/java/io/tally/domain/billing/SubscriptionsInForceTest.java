package io.tally.domain.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The one rule for "the subscription in force at an instant", shared by the billing view and billing-cycle limits. */
class SubscriptionsInForceTest {

    static final CustomerId ACME = CustomerId.of("acme");
    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    static SubscriptionVersion version(String id, SubscriptionStatus status, String price, String started, String ended, String effective) {
        return new SubscriptionVersion(BillingId.of(id), ACME, "plan-" + id, status, Money.of(price, "USD"), BillingInterval.MONTH, 1, 1,
                Instant.parse(started), Optional.empty(), Optional.ofNullable(ended).map(Instant::parse), Optional.empty(),
                Instant.parse(effective));
    }

    static Optional<SubscriptionVersion> current(SubscriptionVersion... versions) {
        return SubscriptionsInForce.of(List.of(versions)).current(ACME, NOW);
    }

    @Nested
    class WhichVersionApplies {

        @Test
        void theLatestVersionThatTookEffectByThenAppliesAndAFutureOneDoesNotYet() {
            SubscriptionVersion january = version("s", SubscriptionStatus.ACTIVE, "50", "2026-01-01T00:00:00Z", null, "2026-01-01T00:00:00Z");
            SubscriptionVersion march = version("s", SubscriptionStatus.ACTIVE, "80", "2026-01-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
            // A downgrade the billing system already sent, taking effect in April.
            SubscriptionVersion april = version("s", SubscriptionStatus.ACTIVE, "20", "2026-01-01T00:00:00Z", null, "2026-04-01T00:00:00Z");
            SubscriptionHistory history = SubscriptionHistory.of(List.of(april, january, march)).getFirst();

            assertThat(history.versions()).containsExactly(january, march, april);
            assertThat(history.versionAt(NOW)).isEqualTo(march);
            assertThat(history.versionAt(Instant.parse("2026-04-01T00:00:00Z"))).as("from the instant it takes effect").isEqualTo(april);
            assertThat(history.latest()).isEqualTo(april);
            assertThat(current(april, january, march)).contains(march);
        }

        @Test
        void aVersionNotYetEffectiveDescribesTheSubscriptionBackToItsStart() {
            // The billing system started sending facts in mid-life: its first version takes effect on 1 April, but the
            // subscription has run since January on these terms.
            SubscriptionVersion late = version("s", SubscriptionStatus.ACTIVE, "40", "2026-01-10T00:00:00Z", null, "2026-04-01T00:00:00Z");
            assertThat(SubscriptionHistory.of(List.of(late)).getFirst().versionAt(NOW)).isEqualTo(late);
            assertThat(current(late)).contains(late);
            // The same MRR rule: it brings its 40 now.
            assertThat(MrrLedger.of(List.of(late), MrrPolicy.DEFAULT).stateAt(BillingId.of("s"), NOW).orElseThrow().mrr())
                    .isEqualByComparingTo("40");
        }

        @Test
        void aSubscriptionThatHasNotStartedIsNotInForce() {
            SubscriptionVersion future = version("s", SubscriptionStatus.ACTIVE, "40", "2026-04-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
            assertThat(current(future)).isEmpty();
            assertThat(SubscriptionsInForce.of(List.of(future)).current(ACME, Instant.parse("2026-04-01T00:00:00Z"))).contains(future);
        }
    }

    @Nested
    class ByStatus {

        @Test
        void trialingAndPastDueAreInForceWhateverTheMrrPolicySays() {
            SubscriptionVersion trial = version("t", SubscriptionStatus.TRIALING, "20", "2026-03-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
            SubscriptionVersion pastDue = version("p", SubscriptionStatus.PAST_DUE, "60", "2026-01-01T00:00:00Z", null, "2026-03-10T00:00:00Z");
            assertThat(current(trial)).contains(trial);
            assertThat(current(pastDue)).contains(pastDue);
            // By default neither brings MRR; in force they are all the same.
            assertThat(trial.countsAt(NOW, MrrPolicy.DEFAULT)).isFalse();
            assertThat(pastDue.countsAt(NOW, MrrPolicy.DEFAULT)).isFalse();
            assertThat(trial.inForceAt(NOW)).isTrue();
            assertThat(pastDue.inForceAt(NOW)).isTrue();
        }

        @Test
        void aCanceledVersionIsNotInForceEvenBeforeItsEnd() {
            SubscriptionVersion active = version("s", SubscriptionStatus.ACTIVE, "45", "2026-01-15T00:00:00Z", null, "2026-01-15T00:00:00Z");
            SubscriptionVersion canceled = version("s", SubscriptionStatus.CANCELED, "45", "2026-01-15T00:00:00Z", "2026-03-31T00:00:00Z",
                    "2026-03-10T00:00:00Z");
            assertThat(current(active, canceled)).isEmpty();
            assertThat(SubscriptionsInForce.of(List.of(active, canceled)).current(ACME, Instant.parse("2026-03-09T00:00:00Z"))).contains(active);
        }

        @Test
        void anEndedVersionIsNotInForce() {
            SubscriptionVersion ended = version("s", SubscriptionStatus.ENDED, "30", "2025-10-01T00:00:00Z", null, "2026-01-20T00:00:00Z");
            assertThat(current(ended)).isEmpty();
        }

        @Test
        void anActiveVersionIsInForceUntilItsEndedAtExcluded() {
            // Canceled at period end: still active, with a future ended_at.
            SubscriptionVersion ending = version("s", SubscriptionStatus.ACTIVE, "50", "2025-12-01T00:00:00Z", "2026-03-20T00:00:00Z",
                    "2026-02-20T00:00:00Z");
            assertThat(current(ending)).contains(ending);
            assertThat(ending.inForceAt(Instant.parse("2026-03-19T23:59:59Z"))).isTrue();
            assertThat(ending.inForceAt(Instant.parse("2026-03-20T00:00:00Z"))).isFalse();
        }
    }

    @Nested
    class SeveralAtOnce {

        @Test
        void theOneStartedLastIsTheCustomersSubscriptionWhateverItBrings() {
            SubscriptionVersion main = version("main", SubscriptionStatus.ACTIVE, "100", "2026-01-01T00:00:00Z", null, "2026-01-01T00:00:00Z");
            SubscriptionVersion addOn = version("add-on", SubscriptionStatus.TRIALING, "10", "2026-03-01T00:00:00Z", null, "2026-03-01T00:00:00Z");
            SubscriptionsInForce inForce = SubscriptionsInForce.of(List.of(main, addOn));
            assertThat(inForce.inForce(ACME, NOW)).containsExactly(addOn, main);
            assertThat(inForce.current(ACME, NOW)).contains(addOn);
            // Before the add-on started, the main one alone.
            assertThat(inForce.current(ACME, Instant.parse("2026-02-15T00:00:00Z"))).contains(main);
        }

        @Test
        void onEqualStartsTheGreaterSubscriptionIdWinsInWhateverOrderTheFactsCame() {
            SubscriptionVersion a = version("sub-a", SubscriptionStatus.ACTIVE, "100", "2026-02-01T00:00:00Z", null, "2026-02-01T00:00:00Z");
            SubscriptionVersion b = version("sub-b", SubscriptionStatus.ACTIVE, "10", "2026-02-01T00:00:00Z", null, "2026-02-01T00:00:00Z");
            assertThat(current(a, b)).contains(b);
            assertThat(current(b, a)).contains(b);
        }

        @Test
        void anEndedSubscriptionLeavesTheOtherInForce() {
            SubscriptionVersion old = version("s08", SubscriptionStatus.ACTIVE, "30", "2025-10-01T00:00:00Z", null, "2025-10-01T00:00:00Z");
            SubscriptionVersion oldEnded = version("s08", SubscriptionStatus.ENDED, "30", "2025-10-01T00:00:00Z", "2026-01-20T00:00:00Z",
                    "2026-01-20T00:00:00Z");
            SubscriptionVersion again = version("s08b", SubscriptionStatus.ACTIVE, "30", "2026-03-05T00:00:00Z", null, "2026-03-05T00:00:00Z");
            assertThat(SubscriptionsInForce.of(List.of(old, oldEnded, again)).inForce(ACME, NOW)).containsExactly(again);
        }

        @Test
        void onlyTheCustomersOwnSubscriptionsCount() {
            SubscriptionVersion other = new SubscriptionVersion(BillingId.of("x"), CustomerId.of("globex"), "plan", SubscriptionStatus.ACTIVE,
                    Money.of("10", "USD"), BillingInterval.MONTH, 1, 1, Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(),
                    Optional.empty(), Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(current(other)).isEmpty();
            assertThat(SubscriptionsInForce.of(List.of(other)).current(CustomerId.of("globex"), NOW)).contains(other);
        }
    }
}
