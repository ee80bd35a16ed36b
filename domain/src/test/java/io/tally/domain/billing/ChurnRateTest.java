package io.tally.domain.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChurnRateTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");

    /** A New York local time. */
    static Instant ny(String local) {
        return LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
    }

    static SubscriptionVersion version(String id, String customer, SubscriptionStatus status, String price, String started, String ended,
                                       String effective) {
        return new SubscriptionVersion(BillingId.of(id), CustomerId.of(customer), "plan", status, Money.of(price, "USD"), BillingInterval.MONTH,
                1, 1, ny(started), Optional.empty(), Optional.ofNullable(ended).map(ChurnRateTest::ny), Optional.empty(), ny(effective));
    }

    static SubscriptionVersion active(String id, String customer, String price, String started, String ended) {
        return version(id, customer, SubscriptionStatus.ACTIVE, price, started, ended, started);
    }

    static List<CustomerId> customers(String... ids) {
        return List.of(ids).stream().map(CustomerId::of).toList();
    }

    /**
     * The second worked example of docs/metrics.md, section "Customer churn rate" (Billing figures), built exactly
     * as the doc tells it; every number the doc shows is asserted here. Change one, change the other.
     */
    @Nested
    class TheQuarterOfTheDocs {

        static final Instant START = ny("2026-01-01T00:00");
        static final Instant END = ny("2026-04-01T00:00");

        static MrrLedger ledger() {
            List<SubscriptionVersion> versions = new ArrayList<>();
            // a: 30.00 since November, ends 15 January; back on 10 February, ends again 20 March.
            versions.add(active("a1", "a", "30.00", "2025-11-01T09:00", "2026-01-15T09:00"));
            versions.add(active("a2", "a", "30.00", "2026-02-10T09:00", "2026-03-20T09:00"));
            // b: 50.00 since December, ends 31 January 20:00 New York (1 February 01:00 UTC); back on 12 February,
            // canceled at once on 25 March.
            versions.add(active("b1", "b", "50.00", "2025-12-01T09:00", "2026-01-31T20:00"));
            versions.add(active("b2", "b", "50.00", "2026-02-12T09:00", null));
            versions.add(version("b2", "b", SubscriptionStatus.CANCELED, "50.00", "2026-02-12T09:00", "2026-03-25T09:00", "2026-03-25T09:00"));
            // c: 20.00 from 5 February, all along.
            versions.add(active("c1", "c", "20.00", "2026-02-05T09:00", null));
            // e: 10.00 from 10 to 25 January.
            versions.add(active("e1", "e", "10.00", "2026-01-10T09:00", "2026-01-25T09:00"));
            return MrrLedger.of(versions, MrrPolicy.DEFAULT);
        }

        @Test
        void eachMonthHasItsOwnRate() {
            ChurnRate quarter = ChurnRate.over(ledger(), START, END, NEW_YORK);
            assertThat(quarter.months()).extracting(ChurnRate.Month::month)
                    .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2), YearMonth.of(2026, 3));
            ChurnRate.Month january = quarter.months().get(0);
            ChurnRate.Month february = quarter.months().get(1);
            ChurnRate.Month march = quarter.months().get(2);

            // January: a and b pay at its start and both leave: 2 ÷ 2 = 100.00. e starts and leaves inside January.
            assertThat(january.payingAtStart()).containsExactlyElementsOf(customers("a", "b"));
            assertThat(january.churned()).containsExactlyElementsOf(customers("a", "b"));
            assertThat(january.rate()).contains(bd("100.00"));
            // February: nobody pays on 1 February (b left at 20:00 on 31 January, New York): no rate.
            assertThat(february.payingAtStart()).isEmpty();
            assertThat(february.rate()).isEmpty();
            // March: a, b (both back in February) and c pay at its start; a and b leave: 2 ÷ 3 = 66.666… → 66.67.
            assertThat(march.payingAtStart()).containsExactlyElementsOf(customers("a", "b", "c"));
            assertThat(march.churned()).containsExactlyElementsOf(customers("a", "b"));
            assertThat(march.rate()).contains(bd("66.67"));
        }

        @Test
        void theQuarterIsTheMeanOfTheMonthsWithARateRoundedOnce() {
            ChurnRate quarter = ChurnRate.over(ledger(), START, END, NEW_YORK);
            // (1 + 2/3) ÷ 2 = 5/6 = 83.333… % → 83.33
            assertThat(quarter.rate()).contains(bd("83.33"));
            // February left out, not counted as 0: (1 + 0 + 2/3) ÷ 3 = 5/9 would give 55.56.
            ChurnRate.Month january = quarter.months().get(0);
            ChurnRate.Month march = quarter.months().get(2);
            long jc = january.churned().size();
            long jp = january.payingAtStart().size();
            long mc = march.churned().size();
            long mp = march.payingAtStart().size();
            BigDecimal februaryAsZero = BigDecimal.valueOf((jc * mp + mc * jp) * 100).divide(BigDecimal.valueOf(jp * mp * 3), 2, RoundingMode.HALF_UP);
            assertThat(februaryAsZero).isEqualTo(bd("55.56")).isNotEqualTo(quarter.rate().orElseThrow());
            // Rounded once: rounding the months first would give (100.00 + 66.67) ÷ 2 = 83.335 → 83.34.
            BigDecimal roundedFirst = january.rate().orElseThrow().add(march.rate().orElseThrow()).divide(bd("2"), 2, RoundingMode.HALF_UP);
            assertThat(roundedFirst).isEqualTo(bd("83.34")).isNotEqualTo(quarter.rate().orElseThrow());
        }

        @Test
        void newAndChurnedAreTheChurnedCustomersWhoWereNotPayingAtTheStart() {
            ChurnRate quarter = ChurnRate.over(ledger(), START, END, NEW_YORK);
            assertThat(quarter.payingAtStart()).containsExactlyElementsOf(customers("a", "b"));
            // a, b and e pay nothing at the end; c does.
            assertThat(quarter.churned()).containsExactlyElementsOf(customers("a", "b", "e"));
            assertThat(quarter.newAndChurned()).containsExactlyElementsOf(customers("e"));
            // The single ratio churned ÷ paying at the start would say 3 ÷ 2 = 150 %.
            assertThat(BigDecimal.valueOf(quarter.churned().size()).multiply(bd("100"))
                    .divide(BigDecimal.valueOf(quarter.payingAtStart().size()), 2, RoundingMode.HALF_UP)).isEqualTo(bd("150.00"));
        }

        @Test
        void inUtcTheMonthsWouldBeCutElsewhere() {
            // In UTC, b still pays at February's start (it left at 01:00 UTC on 1 February) and pays again at its end
            // (back on 12 February): January 1 ÷ 2, February 0 ÷ 1, March 2 ÷ 3; (1/2 + 0 + 2/3) ÷ 3 = 7/18 = 38.888… → 38.89.
            ChurnRate utc = ChurnRate.over(ledger(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), UTC);
            assertThat(utc.months()).extracting(month -> month.churned().size() + " of " + month.payingAtStart().size())
                    .containsExactly("1 of 2", "0 of 1", "2 of 3");
            assertThat(utc.months()).extracting(month -> month.rate().orElse(null)).containsExactly(bd("50.00"), bd("0.00"), bd("66.67"));
            assertThat(utc.rate()).contains(bd("38.89"));
        }
    }

    @Nested
    class OneMonth {

        @Test
        void aCustomerWhoStartsAndChurnsInTheMonthIsBesideTheRateNotInIt() {
            // Five pay at the start of March; p1 leaves on 10 March; n starts on 3 March and leaves on 25 March.
            List<SubscriptionVersion> versions = new ArrayList<>();
            for (String customer : List.of("p1", "p2", "p3", "p4", "p5")) {
                versions.add(active("s-" + customer, customer, "10.00", "2026-01-05T09:00", customer.equals("p1") ? "2026-03-10T09:00" : null));
            }
            versions.add(active("s-n", "n", "15.00", "2026-03-03T09:00", "2026-03-25T09:00"));
            ChurnRate march = ChurnRate.over(MrrLedger.of(versions, MrrPolicy.DEFAULT), ny("2026-03-01T00:00"), ny("2026-04-01T00:00"), NEW_YORK);
            // 1 ÷ 5 = 20.00, not 2 ÷ 5 = 40.00.
            assertThat(march.rate()).contains(bd("20.00"));
            assertThat(march.churned()).containsExactlyElementsOf(customers("n", "p1"));
            assertThat(march.newAndChurned()).containsExactlyElementsOf(customers("n"));
            assertThat(march.months()).singleElement().satisfies(month -> assertThat(month.rate()).contains(bd("20.00")));
        }

        @Test
        void nobodyPayingAtTheStartGivesNoRate() {
            List<SubscriptionVersion> versions = List.of(active("s-n", "n", "15.00", "2026-03-03T09:00", "2026-03-25T09:00"));
            ChurnRate march = ChurnRate.over(MrrLedger.of(versions, MrrPolicy.DEFAULT), ny("2026-03-01T00:00"), ny("2026-04-01T00:00"), NEW_YORK);
            assertThat(march.rate()).isEmpty();
            assertThat(march.churned()).containsExactlyElementsOf(customers("n"));
            assertThat(march.newAndChurned()).containsExactlyElementsOf(customers("n"));
        }

        @Test
        void aTrialOrPastDueSubscriptionPaysNothingByDefault() {
            // p goes past due on 10 March: churn (its MRR drops to 0); t's trial never paid, so it never was paying.
            List<SubscriptionVersion> versions = List.of(
                    active("s-p", "p", "60.00", "2026-01-05T09:00", null),
                    version("s-p", "p", SubscriptionStatus.PAST_DUE, "60.00", "2026-01-05T09:00", null, "2026-03-10T00:00"),
                    active("s-q", "q", "60.00", "2026-01-05T09:00", null),
                    version("s-t", "t", SubscriptionStatus.TRIALING, "20.00", "2026-02-20T09:00", null, "2026-02-20T09:00"));
            ChurnRate march = ChurnRate.over(MrrLedger.of(versions, MrrPolicy.DEFAULT), ny("2026-03-01T00:00"), ny("2026-04-01T00:00"), NEW_YORK);
            assertThat(march.rate()).contains(bd("50.00"));
            assertThat(march.churned()).containsExactlyElementsOf(customers("p"));
            assertThat(march.newAndChurned()).isEmpty();
        }
    }

    @Nested
    class PartialMonths {

        @Test
        void theMonthsAtThePeriodsEdgesAreCutAtItsStartAndAtNow() {
            // From 15 January to "now", 10 March 12:00: [15 Jan, 1 Feb), [1 Feb, 1 Mar), [1 Mar, now).
            List<SubscriptionVersion> versions = List.of(
                    // Left on 10 January: before the period, in no month.
                    active("s-x", "x", "10.00", "2025-12-01T09:00", "2026-01-10T09:00"),
                    // Pays on 15 January and leaves on 20 January: the first, partial month's churn.
                    active("s-y", "y", "10.00", "2025-12-01T09:00", "2026-01-20T09:00"),
                    active("s-z", "z", "10.00", "2025-12-01T09:00", null),
                    // Leaves after "now": March is measured up to now, so not yet churned.
                    active("s-w", "w", "10.00", "2025-12-01T09:00", "2026-03-20T09:00"),
                    // Leaves on 5 March, before now.
                    active("s-v", "v", "10.00", "2025-12-01T09:00", "2026-03-05T09:00"));
            Instant now = ny("2026-03-10T12:00");
            ChurnRate period = ChurnRate.over(MrrLedger.of(versions, MrrPolicy.DEFAULT), ny("2026-01-15T00:00"), now, NEW_YORK);
            assertThat(period.months()).extracting(ChurnRate.Month::start)
                    .containsExactly(ny("2026-01-15T00:00"), ny("2026-02-01T00:00"), ny("2026-03-01T00:00"));
            assertThat(period.months()).extracting(ChurnRate.Month::end)
                    .containsExactly(ny("2026-02-01T00:00"), ny("2026-03-01T00:00"), now);
            // 15-31 January: y of v w y z = 1/4 (25.00); February: 0/3; 1-10 March: v of v w z = 1/3 (33.33).
            assertThat(period.months()).extracting(month -> month.rate().orElse(null))
                    .containsExactly(bd("25.00"), bd("0.00"), bd("33.33"));
            // (1/4 + 0 + 1/3) ÷ 3 = 7/36 = 19.444… → 19.44
            assertThat(period.rate()).contains(bd("19.44"));
            assertThat(period.churned()).containsExactlyElementsOf(customers("v", "y"));
            assertThat(period.newAndChurned()).isEmpty();
        }

        @Test
        void aPeriodEndingAtAMonthsFirstMidnightHasNoEmptyMonthAfterIt() {
            List<SubscriptionVersion> versions = List.of(active("s-z", "z", "10.00", "2025-12-01T09:00", null));
            ChurnRate february = ChurnRate.over(MrrLedger.of(versions, MrrPolicy.DEFAULT), ny("2026-02-01T00:00"), ny("2026-03-01T00:00"), NEW_YORK);
            assertThat(february.months()).extracting(ChurnRate.Month::month).containsExactly(YearMonth.of(2026, 2));
            assertThat(february.rate()).contains(bd("0.00"));
        }
    }

    static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
