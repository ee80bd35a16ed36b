package io.tally.application.port.in.analytics;

import io.tally.application.port.in.PeriodSpec;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An analytics question as data, whoever asks it: what ({@code meter}, {@code metric} or {@code metrics}), whose
 * ({@code customer}, else the tenant), when (the period), cut how ({@code bucket}, {@code group_by},
 * {@code filters}), compared or not, and which groups ({@code order}, {@code limit}, {@code order_by}: the metric whose
 * groups every metric answers, so that they line up, and {@code having}: only the groups where one of the metrics
 * reaches a minimum, such as slots with at least 3 posts); {@code totalsOnly} asks for the whole period in one bucket (not
 * a field of the JSON form: reports ask it). {@link #read} reads it
 * from its JSON form (as {@code POST /api/v1/analytics/query} takes it, and as a saved query holds it once its
 * parameters are filled in), naming the field of every problem.
 */
public record QueryDefinition(Optional<MeterKey> meter, List<MetricKey> metrics, Optional<CustomerId> customer, PeriodSpec period,
                              BucketSize bucket, List<String> groupBy, Map<String, String> filters, boolean compare, boolean descending,
                              int limit, Optional<MetricKey> orderBy, Optional<Having> having, boolean totalsOnly) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_METRICS = 10;
    public static final int MAX_GROUP_BY = 2;
    public static final int MAX_FILTERS = 10;

    /** The fields of a query's JSON form. */
    public static final Set<String> FIELDS = Set.of("meter", "metric", "metrics", "customer", "days", "from", "to", "month", "period", "tz",
            "bucket", "group_by", "filters", "compare", "order", "limit", "order_by", "having");

    /** Keep only the groups whose total of {@code metric} (one of the query's) is at least {@code min}. */
    public record Having(MetricKey metric, BigDecimal min) {
        public Having {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(min, "min");
        }
    }

    public QueryDefinition {
        Objects.requireNonNull(meter, "meter");
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(bucket, "bucket");
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
        if (meter.isPresent() == !metrics.isEmpty()) {
            throw new InvalidValueException(meter.isPresent() ? "metrics" : "metric", "give one of meter, metric or metrics");
        }
        if (metrics.size() > MAX_METRICS) {
            throw new InvalidValueException("metrics", "at most " + MAX_METRICS + " metrics in one query");
        }
        if (new HashSet<>(metrics).size() != metrics.size()) {
            throw new InvalidValueException("metrics", "names a metric twice");
        }
        if (groupBy.size() > MAX_GROUP_BY) {
            throw new InvalidValueException("group_by", "may name at most " + MAX_GROUP_BY + " dimensions");
        }
        if (new HashSet<>(groupBy).size() != groupBy.size()) {
            throw new InvalidValueException("group_by", "names a dimension twice");
        }
        if (filters.size() > MAX_FILTERS) {
            throw new InvalidValueException("filters", "may hold at most " + MAX_FILTERS + " dimensions");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Objects.requireNonNull(orderBy, "orderBy");
        if (orderBy.isPresent() && !metrics.contains(orderBy.get())) {
            throw new InvalidValueException("order_by", meter.isPresent() ? "orders the groups of a metrics question, not of a meter"
                    : "'" + orderBy.get() + "' is not one of the query's metrics");
        }
        Objects.requireNonNull(having, "having");
        if (having.isPresent() && !metrics.contains(having.get().metric())) {
            throw new InvalidValueException("having.metric", meter.isPresent() ? "keeps groups of a metrics question, not of a meter"
                    : "'" + having.get().metric() + "' is not one of the query's metrics");
        }
    }

    /** The question as {@code actor} asks it. */
    public AnalyticsQuery askedBy(Actor actor) {
        return new AnalyticsQuery(actor, this);
    }

    /** The same question, compared with the period before or not. */
    public QueryDefinition withCompare(boolean compared) {
        return new QueryDefinition(meter, metrics, customer, period, bucket, groupBy, filters, compared, descending, limit, orderBy, having, totalsOnly);
    }

    /** The same question about another customer (or, with none, the tenant). */
    public QueryDefinition forCustomer(Optional<CustomerId> other) {
        return new QueryDefinition(meter, metrics, other, period, bucket, groupBy, filters, compare, descending, limit, orderBy, having, totalsOnly);
    }

    /** The same question with every metric answering the groups of {@code metric} (one of its metrics). */
    public QueryDefinition withOrderBy(MetricKey metric) {
        return new QueryDefinition(meter, metrics, customer, period, bucket, groupBy, filters, compare, descending, limit, Optional.of(metric),
                having, totalsOnly);
    }

    /** The same question keeping up to {@code groups} groups. */
    public QueryDefinition withLimit(int groups) {
        return new QueryDefinition(meter, metrics, customer, period, bucket, groupBy, filters, compare, descending, groups, orderBy, having, totalsOnly);
    }

    /**
     * The same question asked for its totals only: one bucket, the whole period, whose groups are those of the period
     * (not also those of a bucket within it), as a table of totals or a key figure wants.
     */
    public QueryDefinition forTotals() {
        return new QueryDefinition(meter, metrics, customer, period, bucket, groupBy, filters, compare, descending, limit, orderBy, having, true);
    }

    /** The same question over another period (a report's, for a block that names none of its own). */
    public QueryDefinition withPeriod(PeriodSpec other) {
        return new QueryDefinition(meter, metrics, customer, other, bucket, groupBy, filters, compare, descending, limit, orderBy, having, totalsOnly);
    }

    /**
     * Reads a query from its JSON form: a map of strings, numbers, booleans, lists and maps. {@code prefix} goes
     * before every field named in an error ({@code query.} for a saved query's).
     */
    public static QueryDefinition read(Map<String, ?> json, String prefix) {
        Fields fields = new Fields(json, prefix);
        for (String name : json.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidValueException(prefix + name, "is not a field of a query; the fields are " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
            }
        }
        Optional<String> meter = fields.text("meter");
        Optional<String> metric = fields.text("metric");
        Optional<List<String>> metrics = fields.texts("metrics");
        int given = (meter.isPresent() ? 1 : 0) + (metric.isPresent() ? 1 : 0) + (metrics.isPresent() ? 1 : 0);
        if (given != 1) {
            throw new InvalidValueException(prefix + (given == 0 ? "metric" : "meter"), given == 0 ? "is required: give meter, metric or metrics"
                    : "give one of meter, metric or metrics");
        }
        if (meter.isPresent() && !MeterKey.isValid(meter.get())) {
            throw new InvalidValueException(prefix + "meter", "'" + meter.get() + "' is not a meter key");
        }
        List<MetricKey> metricKeys = new ArrayList<>();
        if (metric.isPresent()) {
            metricKeys.add(metricKey(metric.get(), prefix + "metric"));
        }
        if (metrics.isPresent()) {
            if (metrics.get().isEmpty() || metrics.get().size() > MAX_METRICS) {
                throw new InvalidValueException(prefix + "metrics", "takes 1 to " + MAX_METRICS + " metrics");
            }
            for (int i = 0; i < metrics.get().size(); i++) {
                metricKeys.add(metricKey(metrics.get().get(i), prefix + "metrics[" + i + "]"));
            }
        }
        Optional<CustomerId> customer = fields.text("customer").map(id -> {
            String problem = CustomerId.problemWith(id);
            if (problem != null) {
                throw new InvalidValueException(prefix + "customer", problem);
            }
            return CustomerId.of(id);
        });
        PeriodSpec period;
        try {
            period = new PeriodSpec(fields.integer("days"), fields.date("from"), fields.date("to"), fields.month("month"),
                    fields.text("period").map(name -> RelativePeriod.fromWireName(name, "period")), fields.zone("tz"));
        } catch (InvalidValueException e) {
            throw e.forField(prefix + e.field());
        }
        BucketSize bucket = fields.text("bucket").map(size -> {
            try {
                return BucketSize.fromWireName(size);
            } catch (InvalidValueException e) {
                throw e.forField(prefix + "bucket");
            }
        }).orElse(BucketSize.DAY);
        List<String> groupBy = fields.texts("group_by").orElse(List.of());
        Map<String, String> filters = fields.textMap("filters");
        Optional<String> compare = fields.text("compare");
        if (compare.isPresent() && !compare.get().equals("previous")) {
            throw new InvalidValueException(prefix + "compare", "must be \"previous\" when given");
        }
        Optional<String> order = fields.text("order");
        if (order.isPresent() && !order.get().equals("asc") && !order.get().equals("desc")) {
            throw new InvalidValueException(prefix + "order", "must be asc or desc");
        }
        int limit = fields.integer("limit").orElse(DEFAULT_LIMIT);
        Optional<MetricKey> orderBy = fields.text("order_by").map(key -> metricKey(key, prefix + "order_by"));
        Optional<Having> having = fields.having("having");
        try {
            return new QueryDefinition(meter.map(MeterKey::of), metricKeys, customer, period, bucket, groupBy, filters, compare.isPresent(),
                    !order.filter("asc"::equals).isPresent(), limit, orderBy, having, false);
        } catch (InvalidValueException e) {
            throw e.forField(prefix + e.field());
        }
    }

    private static MetricKey metricKey(String key, String field) {
        if (!MetricKey.isValid(key)) {
            throw new InvalidValueException(field, "'" + key + "' is not a metric key");
        }
        return MetricKey.of(key);
    }

    /** Typed reads of the JSON form's fields. */
    private record Fields(Map<String, ?> json, String prefix) {

        Optional<String> text(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String text)) {
                throw new InvalidValueException(prefix + name, "must be a string");
            }
            return Optional.of(text);
        }

        Optional<Integer> integer(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Number number) {
                BigDecimal decimal = new BigDecimal(number.toString());
                if (decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                    return Optional.of(decimal.intValueExact());
                }
            }
            throw new InvalidValueException(prefix + name, "must be a whole number");
        }

        Optional<List<String>> texts(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof String))) {
                throw new InvalidValueException(prefix + name, "must be a list of strings");
            }
            return Optional.of(list.stream().map(String.class::cast).toList());
        }

        Map<String, String> textMap(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map) || map.values().stream().anyMatch(item -> !(item instanceof String))) {
                throw new InvalidValueException(prefix + name, "must be an object of strings (dimension: value)");
            }
            Map<String, String> result = new LinkedHashMap<>();
            map.forEach((key, item) -> result.put(String.valueOf(key), (String) item));
            return result;
        }

        Optional<Having> having(String name) {
            Object value = json.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof Map<?, ?> map) || !(map.get("metric") instanceof String metric) || !(map.get("min") instanceof Number min)
                    || map.size() != 2) {
                throw new InvalidValueException(prefix + name, "must be {\"metric\": key, \"min\": number}");
            }
            return Optional.of(new Having(metricKey(metric, prefix + name + ".metric"), new BigDecimal(min.toString())));
        }

        Optional<LocalDate> date(String name) {
            return text(name).map(text -> {
                try {
                    return LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    throw new InvalidValueException(prefix + name, "must be a date, YYYY-MM-DD");
                }
            });
        }

        Optional<YearMonth> month(String name) {
            return text(name).map(text -> {
                try {
                    return YearMonth.parse(text);
                } catch (DateTimeParseException e) {
                    throw new InvalidValueException(prefix + name, "must be a month, YYYY-MM");
                }
            });
        }

        Optional<TimeZoneId> zone(String name) {
            return text(name).map(text -> {
                if (!TimeZoneId.isValid(text)) {
                    throw new InvalidValueException(prefix + name, "must be an IANA time zone name, such as Europe/Berlin or UTC");
                }
                return TimeZoneId.of(text);
            });
        }
    }
}
