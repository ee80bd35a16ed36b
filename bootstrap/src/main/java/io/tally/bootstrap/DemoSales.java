package io.tally.bootstrap;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a marketplace's demo history, in the event conventions of the sales template (docs/metrics.md, "Sales
 * analytics"): {@code order.placed} for each order (its id, buyer, vendor, product, category, amount and currency,
 * items) and {@code order.refunded} for the few refunded, in full or in part, two to ten days later.
 *
 * <p>Synthetic demo data: six vendors with their products and prices, 2,400 buyers of whom the first 1,800 pay in euros
 * and the rest in pounds, some buyers far more often than others (so there are repeat buyers and new ones every week),
 * busier weekends, and one order in sixteen refunded, half of those in part. Deterministic per customer and day (seeded with both; ids {@code demo-<customer>-<date>-o<n>} and
 * {@code -r<n>}), so loading it again stores nothing twice; only what lies in the past of {@code now} is sent.
 */
final class DemoSales {

    private static final int BUYERS = 2400;
    private static final int EURO_BUYERS = 1800;
    /** Vendor, product, category, price (in the buyer's currency, about the same in euros and pounds). */
    private static final String[][] CATALOGUE = {
        {"northwood-ceramics", "stoneware mug", "kitchen", "24.00"}, {"northwood-ceramics", "serving bowl", "kitchen", "58.00"},
        {"northwood-ceramics", "vase", "decor", "42.50"},
        {"atelier-linen", "linen apron", "kitchen", "36.00"}, {"atelier-linen", "table runner", "decor", "29.90"},
        {"paper-fox", "art print A3", "decor", "19.50"}, {"paper-fox", "notebook set", "stationery", "14.00"},
        {"paper-fox", "greeting cards", "stationery", "9.90"},
        {"copper-and-oak", "walnut board", "kitchen", "64.00"}, {"copper-and-oak", "copper kettle", "kitchen", "119.00"},
        {"wild-thread", "wool scarf", "apparel", "48.00"}, {"wild-thread", "knitted beanie", "apparel", "26.00"},
        {"lumen-candles", "soy candle", "decor", "18.50"}, {"lumen-candles", "gift box", "decor", "45.00"}};

    private DemoSales() {
    }

    /** An order, as generated for its day. */
    private record Order(String id, Instant placed, String buyer, String[] item, String currency, int items, BigDecimal amount) {
    }

    /** The customer's orders and refunds on the {@value DemoHistory#DAYS} days ending today (UTC), up to {@code now}. */
    static List<DemoHistory.Event> generate(DemoCommand.DemoCustomer customer, Instant now) {
        ZoneId zone = ZoneId.of(customer.timezone());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(DemoHistory.DAYS - 1L);
        List<DemoHistory.Event> events = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            for (Order order : orders(customer, day, zone, first)) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("order_id", order.id());
                data.put("buyer", order.buyer());
                data.put("vendor", order.item()[0]);
                data.put("product", order.item()[1]);
                data.put("category", order.item()[2]);
                data.put("currency", order.currency());
                data.put("amount", order.amount());
                data.put("items", order.items());
                events.add(new DemoHistory.Event(order.id(), "order.placed", customer.id(), order.placed(), data));
            }
            // refunds of this day: one order in sixteen is refunded, two to ten days after it was placed, half of them in part
            Random random = DemoHistory.random(customer.id(), day, 43);
            int sequence = 0;
            for (int age = 2; age <= 10 && !day.minusDays(age).isBefore(first); age++) {
                for (Order order : orders(customer, day.minusDays(age), zone, first)) {
                    int draw = Math.floorMod(order.id().hashCode() * 0x9E3779B1, 16 * 9);
                    if (draw % 16 != 0 || 2 + draw / 16 != age) {
                        continue;
                    }
                    BigDecimal amount = random.nextBoolean() ? order.amount()
                            : order.amount().multiply(BigDecimal.valueOf(20 + random.nextInt(60), 2)).setScale(2, RoundingMode.HALF_UP);
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("order_id", order.id());
                    data.put("amount", amount);
                    data.put("currency", order.currency());
                    events.add(new DemoHistory.Event("demo-" + customer.id() + "-" + day + "-r" + (sequence++), "order.refunded", customer.id(),
                            day.atTime(LocalTime.of(9 + random.nextInt(9), random.nextInt(60))).atZone(zone).toInstant(), data));
                }
            }
        }
        return events.stream().filter(event -> !event.time().isAfter(now)).sorted(Comparator.comparing(DemoHistory.Event::time)).toList();
    }

    /** The orders of a local day: about a dozen, more at weekends and as the shop grows. */
    private static List<Order> orders(DemoCommand.DemoCustomer customer, LocalDate day, ZoneId zone, LocalDate first) {
        Random random = DemoHistory.random(customer.id(), day, 47);
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        double growth = 0.8 + 0.4 * (day.toEpochDay() - first.toEpochDay()) / DemoHistory.DAYS;
        int count = (int) Math.round((weekend ? 16 : 10) * growth * (0.7 + 0.6 * random.nextDouble()));
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // a few buyers buy far more often: the square favours the low numbers
            int buyer = 1 + (int) (BUYERS * Math.pow(random.nextDouble(), 1.8));
            String currency = buyer <= EURO_BUYERS ? "EUR" : "GBP";
            String[] item = CATALOGUE[random.nextInt(CATALOGUE.length)];
            int items = 1 + (random.nextDouble() < 0.25 ? 1 + random.nextInt(3) : 0);
            BigDecimal price = new BigDecimal(item[3]);
            if (currency.equals("GBP")) {
                price = price.multiply(new BigDecimal("0.86")).setScale(1, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
            }
            Instant placed = day.atTime(LocalTime.of(7 + random.nextInt(16), random.nextInt(60), random.nextInt(60))).atZone(zone).toInstant();
            orders.add(new Order("demo-" + customer.id() + "-" + day + "-o" + i, placed, "buyer-%04d".formatted(buyer), item, currency, items,
                    price.multiply(BigDecimal.valueOf(items))));
        }
        return orders;
    }
}
