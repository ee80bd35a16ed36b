package io.tally.bootstrap;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo tenant's billing history over the last year, relative to today: subscriptions in EUR and USD with an
 * expansion, an upgrade, a downgrade, a cancellation, a reactivation and a trial; a payment per billing period
 * while a subscription runs, a failed payment retried, a duplicate charge refunded in full and a partial refund.
 * The same day always gives the same facts, so running the demo again changes nothing.
 */
final class DemoBilling {

    /** One request to the service API: PUT of a subscription version or POST of a payment. */
    record Fact(String method, String path, String body) {
    }

    private final LocalDate today;
    private final List<Fact> facts = new ArrayList<>();

    private DemoBilling(LocalDate today) {
        this.today = today;
    }

    static List<Fact> facts(LocalDate today) {
        DemoBilling demo = new DemoBilling(today);
        demo.build();
        return List.copyOf(demo.facts);
    }

    private void build() {
        // acme: team at €99 a seat, 5 seats, 8 seats from 200 days ago (expansion); a duplicate charge refunded.
        version("sub-acme", "acme", "team", "active", "99.00", "EUR", "month", 5, 365, null, null, 365);
        version("sub-acme", "acme", "team", "active", "99.00", "EUR", "month", 8, 365, null, null, 200);
        monthlyPayments("acme", "EUR", 365, 0, day -> day > 200 ? "495.00" : "792.00");
        payment("pay-acme-duplicate", "acme", "792.00", "EUR", "succeeded", 170, refund("792.00", "EUR", 168));
        // wang-xiaoming: basic $29, upgraded to pro $79 120 days ago; a payment failed 61 days ago; the next day's went through.
        version("sub-wang", "wang-xiaoming", "basic", "active", "29.00", "USD", "month", 1, 210, null, null, 210);
        version("sub-wang", "wang-xiaoming", "pro", "active", "79.00", "USD", "month", 1, 210, null, null, 120);
        payment("pay-wang-failed", "wang-xiaoming", "79.00", "USD", "failed", 61);
        monthlyPayments("wang-xiaoming", "USD", 210, 0, day -> day > 120 ? "29.00" : "79.00");
        // aeroskobing: basic €29, canceled 75 days ago at the end of its period, 45 days ago.
        version("sub-aero", "aeroskobing", "basic", "active", "29.00", "EUR", "month", 1, 150, null, null, 150);
        version("sub-aero", "aeroskobing", "basic", "active", "29.00", "EUR", "month", 1, 150, 75, 45, 75);
        monthlyPayments("aeroskobing", "EUR", 150, 45, day -> "29.00");
        // lodz-studio: pro €79, downgraded to basic €29 30 days ago.
        version("sub-lodz", "lodz-studio", "pro", "active", "79.00", "EUR", "month", 1, 95, null, null, 95);
        version("sub-lodz", "lodz-studio", "basic", "active", "29.00", "EUR", "month", 1, 95, null, null, 30);
        monthlyPayments("lodz-studio", "EUR", 95, 0, day -> day > 30 ? "79.00" : "29.00");
        // sao-paulo-cafe: basic $29 from 60 days ago, ended 40 days ago, back 10 days ago (reactivation).
        version("sub-sao-1", "sao-paulo-cafe", "basic", "active", "29.00", "USD", "month", 1, 60, null, null, 60);
        version("sub-sao-1", "sao-paulo-cafe", "basic", "ended", "29.00", "USD", "month", 1, 60, 40, 40, 40);
        version("sub-sao-2", "sao-paulo-cafe", "basic", "active", "29.00", "USD", "month", 1, 10, null, null, 10);
        monthlyPayments("sao-paulo-cafe", "USD", 60, 40, day -> "29.00");
        monthlyPayments("sao-paulo-cafe", "USD", 10, 0, day -> "29.00");
        // zoe-coaching: pro yearly $790 from 330 days ago, paid up front; $100 refunded 300 days ago.
        version("sub-zoe", "zoe-coaching", "pro-yearly", "active", "790.00", "USD", "year", 1, 330, null, null, 330);
        payment("pay-zoe-year", "zoe-coaching", "790.00", "USD", "succeeded", 330, refund("100.00", "USD", 300));
        // tanaka-yumi: a 14-day trial of team, then team at $149 from 6 days ago.
        trial("sub-tanaka", "tanaka-yumi", "team", "149.00", "USD", 20, 6);
        payment("pay-tanaka-1", "tanaka-yumi", "149.00", "USD", "succeeded", 6);
        // lumen-studio: pro $79 from 120 days ago.
        version("sub-lumen", "lumen-studio", "pro", "active", "79.00", "USD", "month", 1, 120, null, null, 120);
        monthlyPayments("lumen-studio", "USD", 120, 0, day -> "79.00");
        // maker-market: team at €99 a seat, 2 seats from 100 days ago.
        version("sub-maker", "maker-market", "team", "active", "99.00", "EUR", "month", 2, 100, null, null, 100);
        monthlyPayments("maker-market", "EUR", 100, 0, day -> "198.00");
    }

    private void version(String id, String customer, String plan, String status, String price, String currency, String interval,
                         int quantity, int startedDaysAgo, Integer canceledDaysAgo, Integer endedDaysAgo, int effectiveDaysAgo) {
        facts.add(new Fact("PUT", "/internal/v1/subscriptions/" + id, "{\"customer\": \"" + customer + "\", \"plan\": \"" + plan
                + "\", \"status\": \"" + status + "\", \"price\": {\"amount\": \"" + price + "\", \"currency\": \"" + currency
                + "\"}, \"interval\": \"" + interval + "\", \"interval_count\": 1, \"quantity\": " + quantity + ", \"started_at\": \""
                + at(startedDaysAgo) + "\", \"canceled_at\": " + optional(canceledDaysAgo) + ", \"ended_at\": " + optional(endedDaysAgo)
                + ", \"effective_at\": \"" + at(effectiveDaysAgo) + "\"}"));
    }

    private void trial(String id, String customer, String plan, String price, String currency, int startedDaysAgo, int trialEndDaysAgo) {
        String common = "{\"customer\": \"" + customer + "\", \"plan\": \"" + plan + "\", \"price\": {\"amount\": \"" + price
                + "\", \"currency\": \"" + currency + "\"}, \"interval\": \"month\", \"started_at\": \"" + at(startedDaysAgo)
                + "\", \"trial_end\": \"" + at(trialEndDaysAgo) + "\", ";
        facts.add(new Fact("PUT", "/internal/v1/subscriptions/" + id, common + "\"status\": \"trialing\", \"effective_at\": \"" + at(startedDaysAgo) + "\"}"));
        facts.add(new Fact("PUT", "/internal/v1/subscriptions/" + id, common + "\"status\": \"active\", \"effective_at\": \"" + at(trialEndDaysAgo) + "\"}"));
    }

    /** A payment every 30 days from {@code fromDaysAgo} while more than {@code untilDaysAgo} days ago remain. */
    private void monthlyPayments(String customer, String currency, int fromDaysAgo, int untilDaysAgo, AmountOnDay amount) {
        for (int day = fromDaysAgo; day > untilDaysAgo; day -= 30) {
            payment("pay-" + customer + "-" + today.minusDays(day), customer, amount.on(day), currency, "succeeded", day);
        }
    }

    private void payment(String id, String customer, String amount, String currency, String status, int daysAgo, String... refunds) {
        facts.add(new Fact("POST", "/internal/v1/payments", "{\"id\": \"" + id + "\", \"customer\": \"" + customer
                + "\", \"amount\": {\"amount\": \"" + new BigDecimal(amount).toPlainString() + "\", \"currency\": \"" + currency
                + "\"}, \"status\": \"" + status + "\", \"paid_at\": \"" + at(daysAgo).plusSeconds(3600) + "\", \"refunds\": ["
                + String.join(", ", refunds) + "]}"));
    }

    private String refund(String amount, String currency, int daysAgo) {
        return "{\"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}, \"refunded_at\": \"" + at(daysAgo).plusSeconds(7200) + "\"}";
    }

    private Instant at(int daysAgo) {
        return today.minusDays(daysAgo).atTime(9, 0).toInstant(ZoneOffset.UTC);
    }

    private String optional(Integer daysAgo) {
        return daysAgo == null ? "null" : "\"" + at(daysAgo) + "\"";
    }

    @FunctionalInterface
    private interface AmountOnDay {
        String on(int daysAgo);
    }
}
