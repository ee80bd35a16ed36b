package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named aggregation over the events of one type: optionally only those whose dimensions equal given
 * values ({@code filters}), optionally per value of up to two dimensions ({@code groupBy}). The result is
 * divided by {@code divisor} (bytes to megabytes, seconds to minutes) and rounded half-up to
 * {@code decimals} when given; an average is rounded to 2 decimals unless told otherwise.
 *
 * <p>With a {@code join}, each event belongs to an item ({@link ItemJoin}) whose dimensions it may be filtered and
 * grouped by as its own. Filters and groups may also name the {@link DerivedDimension}s ({@code @weekday},
 * {@code @hour}, {@code @weekday_hour}, and {@code @first} with a join). Joins and derived dimensions are for
 * {@code count}, {@code sum}, {@code avg}, {@code min}, {@code max} and {@code unique_count}.
 */
public record Meter(MeterKey key, String name, Optional<String> description, EventType eventType, Aggregation aggregation,
                    Optional<String> measure, Optional<String> dimension, Map<String, String> filters, List<String> groupBy,
                    BigDecimal divisor, Optional<Integer> decimals, boolean builtIn, Optional<ItemJoin> join) {

    public static final int MAX_FILTERS = 10;
    /** The most dimensions a meter someone defines (or a question) groups by. */
    public static final int MAX_GROUP_BY = 2;
    /**
     * The most dimensions a meter is measured by: a question's two, the currency money is always split by, and the
     * item a per-item figure is computed over.
     */
    public static final int MAX_MEASURED_GROUP_BY = 4;
    private static final Set<Aggregation> JOINABLE = EnumSet.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.AVG, Aggregation.MIN,
            Aggregation.MAX, Aggregation.UNIQUE_COUNT);
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
            requireDimension("filters", dimensionName);
            String problem = value.length() > EventData.MAX_VALUE_LENGTH ? "values must be at most " + EventData.MAX_VALUE_LENGTH
                    + " characters" : Text.characterProblem(value);
            if (problem != null) {
                throw new InvalidValueException("filters." + dimensionName, problem);
            }
        });
        groupBy = List.copyOf(Objects.requireNonNull(groupBy, "groupBy"));
        if (groupBy.size() > MAX_MEASURED_GROUP_BY) {
            throw new InvalidValueException("group_by", "may name at most " + MAX_MEASURED_GROUP_BY + " dimensions");
        }
        if (new HashSet<>(groupBy).size() != groupBy.size()) {
            throw new InvalidValueException("group_by", "names a dimension twice");
        }
        groupBy.forEach(name1 -> requireDimension("group_by", name1));
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
        Objects.requireNonNull(join, "join");
        boolean derived = filters.keySet().stream().anyMatch(DerivedDimension::isDerived) || groupBy.stream().anyMatch(DerivedDimension::isDerived);
        if ((join.isPresent() || derived) && !JOINABLE.contains(aggregation)) {
            throw new InvalidValueException(join.isPresent() ? "join" : "group_by", "joins and @ dimensions work with count, sum, avg, min, max"
                    + " and unique_count, not " + aggregation.wireName());
        }
        if (join.isEmpty() && (filters.containsKey(DerivedDimension.FIRST.wireName()) || groupBy.contains(DerivedDimension.FIRST.wireName()))) {
            throw new InvalidValueException(filters.containsKey(DerivedDimension.FIRST.wireName()) ? "filters" : "group_by",
                    "@first tells an item's own event from the others: it needs a join");
        }
    }

    /** A meter without a join. */
    public Meter(MeterKey key, String name, Optional<String> description, EventType eventType, Aggregation aggregation, Optional<String> measure,
                 Optional<String> dimension, Map<String, String> filters, List<String> groupBy, BigDecimal divisor, Optional<Integer> decimals,
                 boolean builtIn) {
        this(key, name, description, eventType, aggregation, measure, dimension, filters, groupBy, divisor, decimals, builtIn, Optional.empty());
    }

    /** Fails unless someone may define it: at most {@value #MAX_GROUP_BY} group-by dimensions. */
    public Meter requireDefinable() {
        if (groupBy.size() > MAX_GROUP_BY) {
            throw new InvalidValueException("group_by", "may name at most " + MAX_GROUP_BY + " dimensions");
        }
        return this;
    }

    /** Whether its events are measured with their items' dimensions or with @ dimensions (which only the events themselves answer). */
    public boolean readsItems() {
        return join.isPresent() || filters.keySet().stream().anyMatch(DerivedDimension::isDerived)
                || groupBy.stream().anyMatch(DerivedDimension::isDerived);
    }

    private static void requireDimension(String field, String name) {
        if (!DerivedDimension.isDerived(name)) {
            requireName(field, name);
        }
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
        return new Meter(key, name, description, eventType, aggregation, measure, dimension, all, otherGroupBy, divisor, decimals, builtIn, join);
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
