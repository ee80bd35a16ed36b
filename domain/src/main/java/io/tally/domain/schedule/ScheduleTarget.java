package io.tally.domain.schedule;

import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.PaperSize;
import io.tally.domain.template.TemplateKey;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a schedule sends: a report template with its parameters, or a dashboard with its filter values. The
 * {@code params} are one flat object: for a template, {@code customer}, the period ({@code period} such as
 * {@code last_7_days}, or {@code days}, or {@code from} and {@code to}, or {@code month}), {@code tz}, {@code bom},
 * {@code paper}, and any of the template's own parameters; for a dashboard, values of its filters by name.
 */
public sealed interface ScheduleTarget {

    /** {@code report} as the API takes it: a template's key, or {@code dashboard:{id}}. */
    String report();

    /** The parameters as the API shows them. */
    Map<String, Object> params();

    /** A report template's report, as an export request of one format. */
    record Template(TemplateKey key, Optional<CustomerId> customer, Optional<RelativePeriod> period, Optional<Integer> days,
                    Optional<LocalDate> from, Optional<LocalDate> to, Optional<YearMonth> month, Optional<TimeZoneId> tz, boolean bom,
                    Optional<PaperSize> paper, Map<String, Object> values) implements ScheduleTarget {

        static final Set<String> KNOWN = Set.of("customer", "period", "days", "from", "to", "month", "tz", "bom", "paper");

        public Template {
            values = Map.copyOf(values);
        }

        @Override
        public String report() {
            return key.value();
        }

        /** The export of one format; its period is resolved when the run prepares it. */
        public ExportRequest request(ExportFormat format) {
            return new ExportRequest(key, customer, days, from, to, month, period, tz, values, format, bom, paper);
        }

        @Override
        public Map<String, Object> params() {
            Map<String, Object> json = new LinkedHashMap<>();
            customer.ifPresent(id -> json.put("customer", id.value()));
            period.ifPresent(p -> json.put("period", p.wireName()));
            days.ifPresent(d -> json.put("days", d));
            from.ifPresent(d -> json.put("from", d.toString()));
            to.ifPresent(d -> json.put("to", d.toString()));
            month.ifPresent(m -> json.put("month", m.toString()));
            tz.ifPresent(z -> json.put("tz", z.value()));
            if (bom) {
                json.put("bom", true);
            }
            paper.ifPresent(p -> json.put("paper", p.wireName()));
            json.putAll(values);
            return json;
        }
    }

    /** A dashboard, answered with these filter values (the others take their defaults). */
    record Dashboard(UUID id, Map<String, String> filters) implements ScheduleTarget {

        public static final String PREFIX = "dashboard:";

        public Dashboard {
            filters = Map.copyOf(filters);
        }

        @Override
        public String report() {
            return PREFIX + id;
        }

        @Override
        public Map<String, Object> params() {
            return new LinkedHashMap<>(filters);
        }
    }

    /** The target of {@code report} and {@code params}; problems name {@code report} or {@code params.<name>}. */
    static ScheduleTarget read(Object report, Object params) {
        if (!(report instanceof String text) || text.isBlank()) {
            throw new InvalidValueException("report", "is required: a report template's key (GET /api/v1/report-templates) or dashboard:{id}");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        if (params instanceof Map<?, ?> map) {
            map.forEach((name, value) -> given.put(String.valueOf(name), value));
        } else if (params != null) {
            throw new InvalidValueException("params", "must be an object");
        }
        if (text.startsWith(Dashboard.PREFIX)) {
            UUID id;
            try {
                id = UUID.fromString(text.substring(Dashboard.PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("report", "'" + text + "' does not name a dashboard: dashboard:{id}, the id a UUID");
            }
            Map<String, String> filters = new LinkedHashMap<>();
            given.forEach((name, value) -> {
                if (value != null && !(value instanceof Map) && !(value instanceof Iterable)) {
                    filters.put(name, String.valueOf(value));
                } else if (value != null) {
                    throw new InvalidValueException("params." + name, "a dashboard filter's value is a string or a number");
                }
            });
            return new Dashboard(id, filters);
        }
        if (!TemplateKey.isValid(text)) {
            throw new InvalidValueException("report", "'" + text + "' is not a report template's key or dashboard:{id}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (!Template.KNOWN.contains(name)) {
                values.put(name, value);
            }
        });
        Object bom = given.get("bom");
        if (bom != null && !(bom instanceof Boolean)) {
            throw new InvalidValueException("params.bom", "must be true or false");
        }
        Object days = given.get("days");
        if (days != null && !(days instanceof Integer)) {
            throw new InvalidValueException("params.days", "must be a whole number of days, 1 to 365");
        }
        return new Template(TemplateKey.of(text), string(given, "customer").map(CustomerId::of),
                string(given, "period").map(name -> RelativePeriod.fromWireName(name, "params.period")), Optional.ofNullable((Integer) days),
                string(given, "from").map(day -> date("params.from", day)), string(given, "to").map(day -> date("params.to", day)),
                string(given, "month").map(ScheduleTarget::month), string(given, "tz").map(zone -> {
                    if (!TimeZoneId.isValid(zone)) {
                        throw new InvalidValueException("params.tz", "'" + zone + "' is not an IANA timezone such as Europe/Berlin");
                    }
                    return TimeZoneId.of(zone);
                }), Boolean.TRUE.equals(bom), string(given, "paper").map(p -> PaperSize.fromWireName(p, "params.paper")), values);
    }

    private static Optional<String> string(Map<String, Object> given, String name) {
        Object value = given.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new InvalidValueException("params." + name, "must be a string");
        }
        return Optional.of(text);
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "must be a day, YYYY-MM-DD");
        }
    }

    private static YearMonth month(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("params.month", "must be a month, YYYY-MM");
        }
    }
}
