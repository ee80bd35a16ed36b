package io.tally.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Generates the demo tenant's usage history: {@value #DAYS} days per demo customer of API calls and a nightly storage
 * snapshot, and by what the customer does: calls (outcomes, agents, durations, costs in the customer's currency),
 * sessions with a start and a length (some overlapping), transcriptions (some failed) and exports in several formats; or
 * posts and their engagement ({@link DemoContent}); or a marketplace's orders and refunds ({@link DemoSales}).
 *
 * <p>It is synthetic demo data, made to look like a busy product: weekday peaks, weekend lulls, slow growth.
 * It is deterministic per customer and day (the random generator is seeded with both, and ids say
 * {@code demo-<customer>-<date>-<n>}), so loading it again stores nothing twice; only what lies in the past
 * of {@code now} is sent.
 */
final class DemoHistory {

    static final int DAYS = 90;
    static final String SOURCE = "tally-demo";
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] OUTCOMES = {"completed", "no_answer", "busy", "voicemail", "failed"};
    private static final double[] OUTCOME_SHARES = {0.68, 0.12, 0.07, 0.08, 0.05};
    private static final String[] FORMATS = {"csv", "pdf", "json"};
    private static final double[] FORMAT_SHARES = {0.55, 0.35, 0.10};
    private static final String[] ROUTES = {"/api/v1/customers/{externalId}/events", "/api/v1/customers/{externalId}",
        "/api/v1/tenant", "/api/v1/customers"};
    private static final String[][] AGENTS = {
        {"agent-ana", "agent-ben", "agent-chloé"}, {"agent-mei", "agent-jun"}, {"agent-frederik", "agent-søren", "agent-ida"},
        {"agent-łukasz", "agent-zofia"}, {"agent-joão", "agent-bia"}, {"agent-zoë", "agent-marcus", "agent-priya", "agent-li"},
        {"agent-haruto", "agent-yui"}};

    private DemoHistory() {
    }

    /**
     * A generator for one customer, day and purpose: its seed mixed (SplitMix64's finaliser) so that neighbouring days do
     * not begin with the same draws, as {@code new Random(n)} and {@code new Random(n + 1)} do.
     */
    static Random random(String customer, LocalDate day, long purpose) {
        long z = (customer.hashCode() * 1_000_003L + purpose) * 100_003L + day.toEpochDay();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** One event, ready to be written as a CloudEvent. */
    record Event(String id, String type, String subject, Instant time, Map<String, Object> data) {
    }

    /** The history up to {@code now}: {@value #DAYS} days ending today (UTC), in time order per customer. */
    static List<Event> generate(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < DemoCommand.CUSTOMERS.size(); c++) {
            DemoCommand.DemoCustomer customer = DemoCommand.CUSTOMERS.get(c);
            List<Event> own = new ArrayList<>();
            for (int back = DAYS - 1; back >= 0; back--) {
                LocalDate day = today.minusDays(back);
                new Day(customer, AGENTS[c % AGENTS.length], day, DAYS - 1 - back).generate(own, now);
            }
            switch (customer.product()) {
                case CONTENT -> own.addAll(DemoContent.generate(customer, now));
                case SALES -> own.addAll(DemoSales.generate(customer, now));
                case CALLS -> {
                }
            }
            own.sort(Comparator.comparing(Event::time));
            events.addAll(own);
        }
        return events;
    }

    /** The events as CloudEvents batches of at most {@code size}, each a JSON array. */
    static List<byte[]> batches(List<Event> events, int size) {
        List<byte[]> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += size) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator json = JSON.createGenerator(bytes)) {
                json.writeStartArray();
                for (Event event : events.subList(from, Math.min(events.size(), from + size))) {
                    json.writeStartObject();
                    json.writeStringField("specversion", "1.0");
                    json.writeStringField("id", event.id());
                    json.writeStringField("source", SOURCE);
                    json.writeStringField("type", event.type());
                    json.writeStringField("subject", event.subject());
                    json.writeStringField("time", event.time().toString());
                    json.writeObjectFieldStart("data");
                    for (Map.Entry<String, Object> entry : event.data().entrySet()) {
                        if (entry.getValue() instanceof BigDecimal number) {
                            json.writeFieldName(entry.getKey());
                            json.writeNumber(number);
                        } else if (entry.getValue() instanceof Integer number) {
                            json.writeNumberField(entry.getKey(), number);
                        } else {
                            json.writeStringField(entry.getKey(), entry.getValue().toString());
                        }
                    }
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batches.add(bytes.toByteArray());
        }
        return batches;
    }

    /** One customer's day. */
    private static final class Day {

        private final DemoCommand.DemoCustomer customer;
        private final String[] agents;
        private final LocalDate date;
        private final ZoneId zone;
        private final Random random;
        private final double activity;
        private final int dayIndex;
        private int sequence;

        Day(DemoCommand.DemoCustomer customer, String[] agents, LocalDate date, int dayIndex) {
            this.customer = customer;
            this.agents = agents;
            this.date = date;
            this.zone = ZoneId.of(customer.timezone());
            this.random = new Random(customer.id().hashCode() * 31L + date.toEpochDay());
            this.dayIndex = dayIndex;
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            // Slow growth over the period, a lull at weekends, and a size of its own per customer.
            double size = 0.6 + (Math.abs(customer.id().hashCode()) % 9) / 10.0;
            this.activity = size * (weekend ? 0.3 : 1.0) * (0.8 + 0.4 * dayIndex / DAYS);
        }

        void generate(List<Event> out, Instant now) {
            List<Event> day = new ArrayList<>();
            if (customer.product() == DemoCommand.Product.CALLS) {
                calls(day);
                sessions(day);
                transcriptions(day);
                exports(day);
            }
            apiCalls(day);
            storageSnapshot(day);
            day.stream().filter(event -> !event.time().isAfter(now)).sorted(Comparator.comparing(Event::time)).forEach(out::add);
        }

        private void calls(List<Event> day) {
            int count = poisson(38 * activity);
            for (int i = 0; i < count; i++) {
                String outcome = pick(OUTCOMES, OUTCOME_SHARES);
                int duration = outcome.equals("completed") ? 45 + (int) Math.round(Math.exp(4.6 + 0.7 * random.nextGaussian()))
                        : outcome.equals("voicemail") ? 15 + random.nextInt(40) : random.nextInt(20);
                BigDecimal cost = BigDecimal.valueOf(duration).multiply(new BigDecimal("0.0004")).setScale(4, RoundingMode.HALF_UP);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("outcome", outcome);
                data.put("agent", agents[random.nextInt(agents.length)]);
                data.put("duration_s", duration);
                data.put("cost", cost);
                data.put("currency", customer.currency());
                day.add(event("call", businessHours(), data));
            }
        }

        private void sessions(List<Event> day) {
            int count = poisson(7 * activity);
            for (int i = 0; i < count; i++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("duration_s", 600 + random.nextInt(6600));
                day.add(event("session", businessHours(), data));
            }
        }

        private void transcriptions(List<Event> day) {
            int count = poisson(5 * activity);
            for (int i = 0; i < count; i++) {
                boolean failed = random.nextDouble() < 0.08;
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", failed ? "failed" : "completed");
                data.put("minutes", BigDecimal.valueOf(failed ? 0 : 10 + random.nextInt(440), 1));
                day.add(event("transcription", businessHours(), data));
            }
        }

        private void exports(List<Event> day) {
            int count = poisson(1.2 * activity);
            for (int i = 0; i < count; i++) {
                String format = pick(FORMATS, FORMAT_SHARES);
                int rows = 20 + random.nextInt(2000);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("format", format);
                data.put("report", random.nextBoolean() ? "activity" : "usage-history");
                data.put("rows", rows);
                data.put("bytes", rows * (format.equals("pdf") ? 180 : 64));
                day.add(event("export.generated", businessHours(), data));
            }
        }

        private void apiCalls(List<Event> day) {
            int count = poisson(22 * activity);
            for (int i = 0; i < count; i++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("method", "GET");
                data.put("route", ROUTES[random.nextInt(ROUTES.length)]);
                data.put("status", random.nextDouble() < 0.97 ? "200" : "404");
                data.put("duration_ms", 4 + random.nextInt(60));
                day.add(event("api.call", businessHours(), data));
            }
        }

        /** Storage grows about 1.2 % a day: the day's snapshot, just before local midnight. */
        private void storageSnapshot(List<Event> day) {
            long startBytes = (40 + Math.abs(customer.id().hashCode()) % 400) * 1_000_000L;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("bytes", BigDecimal.valueOf(Math.round(startBytes * Math.pow(1.012, dayIndex))));
            day.add(event("storage.snapshot", date.atTime(23, 50).atZone(zone).toInstant(), data));
        }

        private Event event(String type, Instant time, Map<String, Object> data) {
            return new Event("demo-" + customer.id() + "-" + date + "-" + (sequence++), type, customer.id(), time, data);
        }

        /** A time in the customer's working day, 08:00 to 19:00 local, busiest mid-morning and mid-afternoon. */
        private Instant businessHours() {
            double hour = random.nextBoolean() ? 10.5 + 1.6 * random.nextGaussian() : 15 + 1.6 * random.nextGaussian();
            hour = Math.max(8, Math.min(18.99, hour));
            int seconds = (int) (hour * 3600);
            return date.atTime(LocalTime.ofSecondOfDay(seconds)).atZone(zone).toInstant();
        }

        private int poisson(double mean) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int count = 0;
            while (product > limit) {
                product *= random.nextDouble();
                count++;
            }
            return count;
        }

        private <T> T pick(T[] values, double[] shares) {
            double roll = random.nextDouble();
            for (int i = 0; i < values.length; i++) {
                roll -= shares[i];
                if (roll < 0) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }
    }
}
