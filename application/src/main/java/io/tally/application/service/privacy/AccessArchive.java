package io.tally.application.service.privacy;

import io.tally.application.port.out.UsageHistoryPort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.privacy.PrivacyDataPort.Section;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.tenant.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An access request's zip (GDPR Art. 15): everything Tally keeps about one customer, each kind of data in a file of its
 * own, and a README that says what each file is. Written as a stream: the events are read twice with a database cursor
 * (once for the CSV, once for the JSON lines) and never held, so any number of them fits in a small heap.
 */
final class AccessArchive {

    /** Every event from the earliest a partition can hold to far beyond any accepted time. */
    private static final Instant EVER_FROM = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant EVER_TO = Instant.parse("9999-01-01T00:00:00Z");

    private static final Map<Section, String> FILES = new LinkedHashMap<>();
    private static final Map<Section, String> ABOUT = new LinkedHashMap<>();

    static {
        FILES.put(Section.SUBSCRIPTIONS, "billing/subscriptions.json");
        FILES.put(Section.PAYMENTS, "billing/payments.json");
        FILES.put(Section.LIMITS, "limits.json");
        FILES.put(Section.USAGE_RESETS, "usage_resets.json");
        FILES.put(Section.EXPORTS, "exports.json");
        FILES.put(Section.CONSENTS, "consents.json");
        FILES.put(Section.AUDIT, "audit.json");
        FILES.put(Section.REQUESTS, "requests.json");
        ABOUT.put(Section.SUBSCRIPTIONS, "every version of your subscriptions the billing system reported: plan, price, status and dates");
        ABOUT.put(Section.PAYMENTS, "your payments, with their refunds");
        ABOUT.put(Section.LIMITS, "the usage limits of your plan");
        ABOUT.put(Section.USAGE_RESETS, "the resets of your usage counters an administrator made, with their reasons");
        ABOUT.put(Section.EXPORTS, "the reports about you that were exported: asynchronous jobs and direct downloads, when and by whom");
        ABOUT.put(Section.CONSENTS, "every consent statement recorded for you: category, given or withdrawn, version, legal basis, purpose");
        ABOUT.put(Section.AUDIT, "the entries of the audit log that concern you: who did what, and when");
        ABOUT.put(Section.REQUESTS, "your requests about your data (access, erasure, rectification, restriction, objection), and their status");
    }

    /** What was written: the events and the rows of each file. */
    record Written(long events, Map<String, Long> rows) {
    }

    private final UsageHistoryPort history;
    private final PrivacyDataPort data;

    AccessArchive(UsageHistoryPort history, PrivacyDataPort data) {
        this.history = Objects.requireNonNull(history, "history");
        this.data = Objects.requireNonNull(data, "data");
    }

    Written write(TenantId tenant, Customer customer, Instant at, OutputStream out) throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            Writer text = new java.io.OutputStreamWriter(new Unclosed(zip), StandardCharsets.UTF_8);
            entry(zip, "profile.json");
            text.write(profile(customer));
            text.flush();
            rows.put("profile.json", 1L);
            UsageHistoryPort.DataNames names = history.dataNames(tenant, customer.id(), EVER_FROM, EVER_TO);
            entry(zip, "events.csv");
            long[] events = {0};
            text.write(csvHeader(names));
            history.forEach(tenant, customer.id(), EVER_FROM, EVER_TO, names.dimensions(), names.measures(), row -> {
                events[0]++;
                write(text, csvRow(row));
            });
            text.flush();
            rows.put("events.csv", events[0]);
            entry(zip, "events.jsonl");
            long[] lines = {0};
            history.forEach(tenant, customer.id(), EVER_FROM, EVER_TO, names.dimensions(), names.measures(), row -> {
                lines[0]++;
                write(text, jsonLine(row, names));
            });
            text.flush();
            rows.put("events.jsonl", lines[0]);
            for (Map.Entry<Section, String> file : FILES.entrySet()) {
                entry(zip, file.getValue());
                long[] count = {0};
                text.write("[");
                data.rows(tenant, customer.id(), file.getKey(), json -> {
                    write(text, (count[0] == 0 ? "\n  " : ",\n  ") + json);
                    count[0]++;
                });
                text.write(count[0] == 0 ? "]\n" : "\n]\n");
                text.flush();
                rows.put(file.getValue(), count[0]);
            }
            entry(zip, "README.txt");
            text.write(readme(customer, at, rows));
            text.flush();
            return new Written(events[0], rows);
        }
    }

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
    }

    private static void write(Writer text, String chunk) {
        try {
            text.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String profile(Customer customer) {
        CustomerProfile profile = customer.profile();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("external_id", customer.id().value());
        json.put("display_name", profile.displayName().orElse(null));
        json.put("timezone", profile.timezone().map(Object::toString).orElse(null));
        json.put("country", profile.country().map(Object::toString).orElse(null));
        json.put("currency", profile.currency().map(Object::toString).orElse(null));
        json.put("plan", profile.plan().orElse(null));
        json.put("signed_up_at", profile.signedUpAt().map(Instant::toString).orElse(null));
        json.put("status", profile.status().wireName());
        json.put("first_seen_at", customer.createdAt().toString());
        json.put("updated_at", customer.updatedAt().toString());
        json.put("processing_restricted_since", customer.restrictedSince().map(Instant::toString).orElse(null));
        return Json.object(json) + "\n";
    }

    static String csvHeader(UsageHistoryPort.DataNames names) {
        List<String> header = new ArrayList<>(List.of("occurred_at", "type", "source", "id", "received_at"));
        header.addAll(names.dimensions());
        header.addAll(names.measures());
        return String.join(",", header.stream().map(AccessArchive::csvText).toList()) + "\r\n";
    }

    static String csvRow(UsageHistoryPort.Row row) {
        StringBuilder line = new StringBuilder();
        line.append(row.occurredAt()).append(',').append(csvText(row.type())).append(',').append(csvText(row.source())).append(',')
                .append(csvText(row.id())).append(',').append(row.receivedAt());
        for (String dimension : row.dimensions()) {
            line.append(',').append(dimension == null ? "" : csvText(dimension));
        }
        for (BigDecimal measure : row.measures()) {
            line.append(',').append(measure == null ? "" : measure.toPlainString());
        }
        return line.append("\r\n").toString();
    }

    /**
     * A text cell as RFC 4180 has it (quoted when it holds a comma, quote or line break), and safe to open in a spreadsheet:
     * a text that starts with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return is prefixed with {@code '}.
     */
    static String csvText(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    static String jsonLine(UsageHistoryPort.Row row, UsageHistoryPort.DataNames names) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < names.dimensions().size(); i++) {
            if (row.dimensions()[i] != null) {
                data.put(names.dimensions().get(i), row.dimensions()[i]);
            }
        }
        for (int i = 0; i < names.measures().size(); i++) {
            if (row.measures()[i] != null) {
                data.put(names.measures().get(i), row.measures()[i]);
            }
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", row.occurredAt().toString());
        event.put("type", row.type());
        event.put("source", row.source());
        event.put("id", row.id());
        event.put("received_at", row.receivedAt().toString());
        event.put("data", data);
        return Json.object(event) + "\n";
    }

    static String readme(Customer customer, Instant at, Map<String, Long> rows) {
        StringBuilder text = new StringBuilder();
        text.append("Your data kept by Tally, the usage and billing analytics of the service you use\n");
        text.append("=".repeat(79)).append("\n\n");
        text.append("Customer: ").append(customer.id().value()).append("\nMade at:  ").append(at).append(" (UTC)\n\n");
        text.append("This archive answers your request for access to your personal data (GDPR Art. 15). It holds every\n");
        text.append("record about you, each kind in a file of its own. Times are UTC, in ISO 8601. JSON files are UTF-8.\n\n");
        text.append(line("profile.json", "your profile: name, time zone, country, currency, plan and status", rows));
        text.append(line("events.csv", "every usage event recorded about you, one per line (RFC 4180; personal fields in full)", rows));
        text.append(line("events.jsonl", "the same events as JSON, one object per line, with all their data", rows));
        for (Map.Entry<Section, String> file : FILES.entrySet()) {
            text.append(line(file.getValue(), ABOUT.get(file.getKey()), rows));
        }
        text.append("\nAmounts of money are decimal amounts of their currency, as the billing system reported them.\n");
        return text.toString();
    }

    private static String line(String file, String about, Map<String, Long> rows) {
        return String.format("%-28s %s (%d %s)%n", file, about, rows.getOrDefault(file, 0L), rows.getOrDefault(file, 0L) == 1 ? "record" : "records");
    }

    /** The zip's stream, not closed when the writer on it is (the zip closes it). */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
