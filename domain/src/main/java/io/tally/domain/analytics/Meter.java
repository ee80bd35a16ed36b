package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named aggregation over the events of one type: optionally only those whose dimensions equal given
 * values ({@code filters}), optionally per value of up to two dimensions ({@code groupBy}). The result is
 * divided by {@code divisor} (bytes to megabytes, seconds to minutes) and rounded half-up to
 * {@code decimals} when given; an average is rounded to 2 decimals unless told otherwise.
 */
public record Meter(MeterKey key, String name, Optional<String> description, EventType eventType, Aggregation aggregation,
                    Optional<String> measure, Optional<String> dimension, Map<String, String> filters, List<String> groupBy,
                    BigDecimal divisor, Optional<Integer> decimals, boolean builtIn) {

    public static final int MAX_FILTERS = 10;
    public static final int MAX_GROUP_BY = 2;
    public static final int MAX_DECIMALS = 12;
    public static final int NAME_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;
    static final int AVERAGE_DECIMALS = 2;
    static final int DIVIDED_DECIMALS = 4;

    public Meter {
        Objects.requireNonNull(key, "key");
        Text.requireLabel(name, "name", NAME_MAX_LENGTH);
        Objects.requireNonNull(description, "description");
        description.ifPresent(text -> {
            String problem = Text.labelProblem(text, DESCRIPTION_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("description", problem);
            }
        });
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(dimension, "dimension");
        if (aggregation.needsMeasure() && measure.isEmpty()) {
            throw new InvalidValueException("measure", "is required for " + aggregation.wireName());
        }
        if (!aggregation.needsMeasure() && measure.isPresent()) {
            throw new InvalidValueException("measure", "is not used by " + aggregation.wireName());
        }
        if (aggregation.needsDimension() && dimension.isEmpty()) {
            throw new InvalidValueException("dimension", "is required for " + aggregation.wireName());
        }
        if (!aggregation.needsDimension() && dimension.isPresent()) {
            throw new InvalidValueException("dimension", "is only used by unique_count");
        }
        measure.ifPresent(name1 -> requireName("measure", name1));
        dimension.ifPresent(name1 -> requireName("dimension", name1));
        filters = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(filters, "filters")));
        if (filters.size() > MAX_FILTERS) {
            throw new InvalidValueException("filters", "may hold at most " + MAX_FILTERS + " dimensions");
        }
        filters.forEach((dimensionName, value) -> {
            requireName("filters", dimensionName);
            String problem = value.length() > EventData.MAX_VALUE_LENGTH ? "values must be at most " + EventData.MAX_VALUE_LENGTH
                    + " characters" : Text.characterProblem(value);
            if (problem != null) {
                throw new InvalidValueException("filters." + dimensionName, problem);
            }
        });
        groupBy = List.copyOf(Objects.requireNonNull(groupBy, "groupBy"));
        if (groupBy.size() > MAX_GROUP_BY) {
            throw new InvalidValueException("group_by", "may name at most " + MAX_GROUP_BY + " dimensions");
        }
        if (new HashSet<>(groupBy).size() != groupBy.size()) {
            throw new InvalidValueException("group_by", "names a dimension twice");
        }
        groupBy.forEach(name1 -> requireName("group_by", name1));
        Objects.requireNonNull(divisor, "divisor");
        if (divisor.signum() <= 0) {
            throw new InvalidValueException("divisor", "must be greater than 0");
        }
        Objects.requireNonNull(decimals, "decimals");
        decimals.ifPresent(places -> {
            if (places < 0 || places > MAX_DECIMALS) {
                throw new InvalidValueException("decimals", "must be between 0 and " + MAX_DECIMALS);
            }
        });
    }

    private static void requireName(String field, String name) {
        if (!EventData.isName(name)) {
            throw new InvalidValueException(field, "'" + name + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a letter or '_')");
        }
    }

    public boolean isGrouped() {
        return !groupBy.isEmpty();
    }

    /** The same meter with more filters and another grouping, as an analytics query asks for. */
    public Meter narrowed(Map<String, String> moreFilters, List<String> otherGroupBy) {
        Map<String, String> all = new LinkedHashMap<>(filters);
        all.putAll(moreFilters);
        return new Meter(key, name, description, eventType, aggregation, measure, dimension, all, otherGroupBy, divisor, decimals, builtIn);
    }

    /**
     * The figure from what the store measured: empty aggregations give 0 or no value (see {@link Aggregation}),
     * then the divisor and rounding apply.
     */
    public BigDecimal valueOf(Measurement measurement) {
        BigDecimal raw = switch (aggregation) {
            case COUNT, SUM, UNIQUE_COUNT, MAX_CONCURRENT -> measurement.amount() == null ? BigDecimal.ZERO : measurement.amount();
            case AVG -> measurement.count() == 0 || measurement.amount() == null ? null
                    : measurement.amount().divide(BigDecimal.valueOf(measurement.count()), decimals.orElse(AVERAGE_DECIMALS) + 8, RoundingMode.HALF_UP);
            case MIN, MAX, LATEST -> measurement.amount();
        };
        if (raw == null) {
            return null;
        }
        if (divisor.compareTo(BigDecimal.ONE) != 0) {
            raw = raw.divide(divisor, decimals.orElse(DIVIDED_DECIMALS) + 8, RoundingMode.HALF_UP);
        }
        if (decimals.isPresent()) {
            return raw.setScale(decimals.get(), RoundingMode.HALF_UP);
        }
        if (aggregation == Aggregation.AVG) {
            return raw.setScale(AVERAGE_DECIMALS, RoundingMode.HALF_UP);
        }
        if (divisor.compareTo(BigDecimal.ONE) != 0) {
            return raw.setScale(DIVIDED_DECIMALS, RoundingMode.HALF_UP).stripTrailingZeros();
        }
        return raw;
    }
}
