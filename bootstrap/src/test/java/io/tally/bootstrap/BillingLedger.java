package io.tally.bootstrap;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built billing ledger: 20 customers of a tenant in America/New_York over January to March of {@link #YEAR},
 * sent as the billing system would send it. The expected figures are worked out by hand in {@link BillingIT}; the
 * comments say what each fact is for.
 *
 * <p>{@link #YEAR} is the latest year whose March is over in New York on the test clock, so the whole ledger lies in
 * the past. Whatever the year, January and February are on standard time (EST, -05:00), New York moves to summer
 * time (EDT, -04:00) on the second Sunday of March and 1 April is on summer time, so every boundary below falls as
 * described; February's last day is the 28th, or the 29th in a leap year ({@link #FEBRUARY_END}).
 *
 * <p>Times are New York local times written as month, day and time ({@code "12-15T09:00"}): October to December of
 * the year before {@link #YEAR}, January to March of {@link #YEAR}.
 */
final class BillingLedger {

    static final String ZONE = "America/New_York";
    static final int YEAR = TestClock.today(ZoneId.of(ZONE)).minusMonths(3).getYear();
    /** February's last day, {@code "02-28"} or {@code "02-29"}. */
    static final String FEBRUARY_END = "02-" + YearMonth.of(YEAR, 2).lengthOfMonth();

    /** One request: PUT of a subscription version, POST of a payment, or PUT of a customer profile. */
    record Fact(String method, String path, String body) {
    }

    private final List<Fact> facts = new ArrayList<>();

    static List<Fact> facts() {
        BillingLedger ledger = new BillingLedger();
        ledger.build();
        return List.copyOf(ledger.facts);
    }

    /** A month of the ledger's year: 1 January, 2 February, 3 March. */
    static YearMonth month(int month) {
        return YearMonth.of(YEAR, month);
    }

    /**
     * A New York local time of the ledger ({@code "03-01T10:00"}) as RFC 3339 with its offset (-05:00, or -04:00 from
     * the second Sunday of March); October to December are of the year before {@link #YEAR}.
     */
    static String ny(String monthDayTime) {
        int year = Integer.parseInt(monthDayTime.substring(0, 2)) >= 10 ? YEAR - 1 : YEAR;
        return LocalDateTime.parse(year + "-" + monthDayTime).atZone(ZoneId.of(ZONE)).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private void build() {
        // Profiles: country, and signed-up time for the signup counts.
        profile("c01", "US", "12-15T09:00");
        profile("c02", "US", "11-01T09:00");
        profile("c03", "US", "01-05T09:00");
        profile("c04", "US", "12-01T09:00");
        profile("c05", "US", "12-01T10:00");
        profile("c06", "DE", "01-10T09:00");
        profile("c07", "DE", "01-28T09:00");
        profile("c08", "US", "10-01T09:00");
        profile("c09", "US", "03-01T00:00");   // first instant of March: a March signup
        profile("c10", "US", "12-01T11:00");
        profile("c11", "US", "02-03T09:00");
        profile("c12", "US", "12-01T12:00");
        profile("c13", "US", "12-31T23:30");   // 04:30 UTC on 1 January, still December in New York
        profile("c14", "US", "01-31T21:00");   // 02:00 UTC on 1 February, still January in New York
        profile("c15", "US", "12-01T13:00");
        profile("c16", "US", "01-15T09:00");
        profile("c17", "US", "03-03T09:00");
        profile("c18", "JP", "03-31T23:30");   // 03:30 UTC on 1 April, still March in New York
        profile("c19", "FR", "12-01T14:00");
        profile("c20", null, "03-30T09:00");   // country unknown

        // c01: basic, $50 a month, all along.
        subscription("s01", "c01", "basic", "active", "50.00", "USD", "month", 1, 1, "12-15T09:00", null, null, null, "12-15T09:00");
        // c02: team-yearly, $480 a year × 3 seats = $120/month; 5 seats from 10 Feb = $200 (expansion +80).
        subscription("s02", "c02", "team-yearly", "active", "480.00", "USD", "year", 1, 3, "11-01T09:00", null, null, null, "11-01T09:00");
        subscription("s02", "c02", "team-yearly", "active", "480.00", "USD", "year", 1, 5, "11-01T09:00", null, null, null, "02-10T12:00");
        // c03: pro $100 from 5 Jan (new), upgraded mid-February to pro-plus $150 (expansion +50).
        subscription("s03", "c03", "pro", "active", "100.00", "USD", "month", 1, 1, "01-05T09:00", null, null, null, "01-05T09:00");
        subscription("s03", "c03", "pro-plus", "active", "150.00", "USD", "month", 1, 1, "01-05T09:00", null, null, null, "02-14T15:00");
        // c04: pro $100 since December, downgraded mid-March to basic $50 (contraction -50).
        subscription("s04", "c04", "pro", "active", "100.00", "USD", "month", 1, 1, "12-01T09:00", null, null, null, "12-01T09:00");
        subscription("s04", "c04", "basic", "active", "50.00", "USD", "month", 1, 1, "12-01T09:00", null, null, null, "03-16T10:00");
        // c05: basic $50, canceled on 20 Feb at period end: ends at midnight starting 1 March (churn in March).
        subscription("s05", "c05", "basic", "active", "50.00", "USD", "month", 1, 1, "12-01T10:00", null, null, null, "12-01T10:00");
        subscription("s05", "c05", "basic", "active", "50.00", "USD", "month", 1, 1, "12-01T10:00", "02-20T08:00", "03-01T00:00", null, "02-20T08:00");
        // c06: basic-eur €40 a month from 10 Jan.
        subscription("s06", "c06", "basic-eur", "active", "40.00", "EUR", "month", 1, 1, "01-10T09:00", null, null, null, "01-10T09:00");
        // c07: team-eur-yearly €600 a year from the first instant of February = €50/month (new in February).
        subscription("s07", "c07", "team-eur-yearly", "active", "600.00", "EUR", "year", 1, 1, "02-01T00:00", null, null, null, "02-01T00:00");
        // c08: starter $30 since October, ended 20 Jan (churn in January); a new subscription from 5 March (reactivation).
        subscription("s08", "c08", "starter", "active", "30.00", "USD", "month", 1, 1, "10-01T09:00", null, null, null, "10-01T09:00");
        subscription("s08", "c08", "starter", "ended", "30.00", "USD", "month", 1, 1, "10-01T09:00", "01-20T09:00", "01-20T09:00", null, "01-20T09:00");
        subscription("s08b", "c08", "starter", "active", "30.00", "USD", "month", 1, 1, "03-05T09:00", null, null, null, "03-05T09:00");
        // c09: trial from 1 March (0 MRR), active at $20 from 15 March (new in March).
        subscription("s09", "c09", "starter", "trialing", "20.00", "USD", "month", 1, 1, "03-01T00:00", null, null, "03-15T00:00", "03-01T00:00");
        subscription("s09", "c09", "starter", "active", "20.00", "USD", "month", 1, 1, "03-01T00:00", null, null, "03-15T00:00", "03-15T00:00");
        // c10: weekly $10 since December: 10 × 52 ÷ 12 = 43.333… = $43.33.
        subscription("s10", "c10", "weekly", "active", "10.00", "USD", "week", 1, 1, "12-01T11:00", null, null, null, "12-01T11:00");
        // c11: daily $1 from 3 Feb: 365 ÷ 12 = 30.4166… = $30.42 (new in February).
        subscription("s11", "c11", "daily", "active", "1.00", "USD", "day", 1, 1, "02-03T09:00", null, null, null, "02-03T09:00");
        // c12: $60 since December, past due from 10 March: 0 MRR by default (churn in March).
        subscription("s12", "c12", "pro-60", "active", "60.00", "USD", "month", 1, 1, "12-01T12:00", null, null, null, "12-01T12:00");
        subscription("s12", "c12", "pro-60", "past_due", "60.00", "USD", "month", 1, 1, "12-01T12:00", null, null, null, "03-10T00:00");
        // c13: seats $25 × 1 from the first instant of January (new in January), 2 seats from 10 March (expansion +25).
        subscription("s13", "c13", "seats", "active", "25.00", "USD", "month", 1, 1, "01-01T00:00", null, null, null, "01-01T00:00");
        subscription("s13", "c13", "seats", "active", "25.00", "USD", "month", 1, 2, "01-01T00:00", null, null, null, "03-10T09:00");
        // c14: pro-70 $70 from 31 Jan 21:00 New York = 1 Feb 02:00 UTC: new in January.
        subscription("s14", "c14", "pro-70", "active", "70.00", "USD", "month", 1, 1, "01-31T21:00", null, null, null, "01-31T21:00");
        // c15: quarterly $90 every 3 months = $30/month.
        subscription("s15", "c15", "quarterly", "active", "90.00", "USD", "month", 3, 1, "12-01T13:00", null, null, null, "12-01T13:00");
        // c16: $45 from 15 Jan (new in January), canceled at once on 20 March (churn in March).
        subscription("s16", "c16", "pro-45", "active", "45.00", "USD", "month", 1, 1, "01-15T09:00", null, null, null, "01-15T09:00");
        subscription("s16", "c16", "pro-45", "canceled", "45.00", "USD", "month", 1, 1, "01-15T09:00", "03-20T09:00", "03-20T09:00", null, "03-20T09:00");
        // c17: $15 from 3 March, ended 25 March: new and churn in the same month.
        subscription("s17", "c17", "mini", "active", "15.00", "USD", "month", 1, 1, "03-03T09:00", null, "03-25T09:00", null, "03-03T09:00");
        // c18: signs up, never subscribes. c20: a one-off payment only.
        // c19: pro-eur €80 since December, downgraded to €60 on 20 Feb (contraction -20 EUR).
        subscription("s19", "c19", "pro-eur", "active", "80.00", "EUR", "month", 1, 1, "12-01T14:00", null, null, null, "12-01T14:00");
        subscription("s19", "c19", "pro-eur", "active", "60.00", "EUR", "month", 1, 1, "12-01T14:00", null, null, null, "02-20T10:00");

        // Payments.
        payment("p01", "c01", "50.00", "USD", "succeeded", "03-15T09:00");
        // c04's March payment, half refunded on 18 March.
        payment("p02", "c04", "100.00", "USD", "succeeded", "03-01T10:00", refund("50.00", "USD", "03-18T10:00"));
        // c16's March payment, refunded in full on 21 March.
        payment("p03", "c16", "45.00", "USD", "succeeded", "03-15T09:00", refund("45.00", "USD", "03-21T09:00"));
        // c12's March payment failed.
        payment("p04", "c12", "60.00", "USD", "failed", "03-10T09:00");
        payment("p05", "c06", "40.00", "EUR", "succeeded", "03-10T09:00");
        payment("p06", "c19", "60.00", "EUR", "succeeded", "03-20T09:00");
        // c02's yearly payment in November of the year before; $100 of it refunded on 5 March.
        payment("p07", "c02", "1440.00", "USD", "succeeded", "11-01T09:00", refund("100.00", "USD", "03-05T12:00"));
        // February's last day, 23:30 New York = 1 March 04:30 UTC: February revenue.
        payment("p08", "c05", "50.00", "USD", "succeeded", FEBRUARY_END + "T23:30");
        // 31 March 23:00 New York = 1 April 03:00 UTC: March revenue.
        payment("p09", "c20", "200.00", "USD", "succeeded", "03-31T23:00");
        payment("p10", "c07", "600.00", "EUR", "succeeded", "02-01T08:00");
    }

    private void profile(String customer, String country, String signedUp) {
        facts.add(new Fact("PUT", "/internal/v1/customers/" + customer, "{\"country\": " + (country == null ? "null" : "\"" + country + "\"")
                + ", \"timezone\": \"" + ZONE + "\", \"signed_up_at\": \"" + ny(signedUp) + "\"}"));
    }

    private void subscription(String id, String customer, String plan, String status, String price, String currency, String interval,
                              int intervalCount, int quantity, String started, String canceled, String ended, String trialEnd,
                              String effective) {
        facts.add(new Fact("PUT", "/internal/v1/subscriptions/" + id, "{\"customer\": \"" + customer + "\", \"plan\": \"" + plan
                + "\", \"status\": \"" + status + "\", \"price\": {\"amount\": \"" + price + "\", \"currency\": \"" + currency
                + "\"}, \"interval\": \"" + interval + "\", \"interval_count\": " + intervalCount + ", \"quantity\": " + quantity
                + ", \"started_at\": \"" + ny(started) + "\", \"canceled_at\": " + time(canceled) + ", \"ended_at\": " + time(ended)
                + ", \"trial_end\": " + time(trialEnd) + ", \"effective_at\": \"" + ny(effective) + "\"}"));
    }

    private void payment(String id, String customer, String amount, String currency, String status, String paid, String... refunds) {
        facts.add(new Fact("POST", "/internal/v1/payments", "{\"id\": \"" + id + "\", \"customer\": \"" + customer
                + "\", \"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}, \"status\": \"" + status
                + "\", \"paid_at\": \"" + ny(paid) + "\", \"refunds\": [" + String.join(", ", refunds) + "]}"));
    }

    private static String refund(String amount, String currency, String at) {
        return "{\"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}, \"refunded_at\": \"" + ny(at) + "\"}";
    }

    private static String time(String local) {
        return local == null ? "null" : "\"" + ny(local) + "\"";
    }
}
