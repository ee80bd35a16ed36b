package io.tally.domain.metric;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A metric's values over a run of buckets: per bucket, per group. A group is keyed by the values of the
 * series' {@code dimensions} in order (a value may be null: an event without the dimension); an ungrouped
 * series has no dimensions and the one key {@code []}. A group missing from a bucket has the series'
 * {@code empty} value there: 0 for counts and sums, none (null) for averages and rates.
 */
public final class Series {

    private final List<String> dimensions;
    private final List<Map<List<String>, BigDecimal>> buckets;
    private final BigDecimal empty;

    private Series(List<String> dimensions, List<Map<List<String>, BigDecimal>> buckets, BigDecimal empty) {
        this.dimensions = dimensions;
        this.buckets = buckets;
        this.empty = empty;
    }

    /** A series from values per bucket (maps may hold null values); keys must be as long as the dimensions. */
    public static Series of(List<String> dimensions, List<Map<List<String>, BigDecimal>> buckets, BigDecimal empty) {
        List<String> dims = List.copyOf(dimensions);
        List<Map<List<String>, BigDecimal>> copy = new ArrayList<>(buckets.size());
        for (Map<List<String>, BigDecimal> bucket : buckets) {
            Map<List<String>, BigDecimal> values = new HashMap<>();
            bucket.forEach((key, value) -> {
                if (key.size() != dims.size()) {
                    throw new IllegalArgumentException("group key " + key + " does not match the dimensions " + dims);
                }
                values.put(Collections.unmodifiableList(new ArrayList<>(key)), value);
            });
            copy.add(Collections.unmodifiableMap(values));
        }
        return new Series(dims, Collections.unmodifiableList(copy), empty);
    }

    public List<String> dimensions() {
        return dimensions;
    }

    public boolean isGrouped() {
        return !dimensions.isEmpty();
    }

    public int size() {
        return buckets.size();
    }

    /** The value of a group missing from a bucket. */
    public BigDecimal empty() {
        return empty;
    }

    /** The groups present in a bucket. */
    public Set<List<String>> keys(int bucket) {
        return buckets.get(bucket).keySet();
    }

    /** A group's value in a bucket (the empty value when the group is not there). */
    public BigDecimal value(int bucket, List<String> key) {
        Map<List<String>, BigDecimal> values = buckets.get(bucket);
        return values.containsKey(key) ? values.get(key) : empty;
    }

    /** The series with every value replaced (the empty value too). */
    Series map(java.util.function.BiFunction<List<String>, BigDecimal, BigDecimal> change) {
        List<Map<List<String>, BigDecimal>> changed = new ArrayList<>(buckets.size());
        for (Map<List<String>, BigDecimal> bucket : buckets) {
            Map<List<String>, BigDecimal> values = new HashMap<>();
            bucket.forEach((key, value) -> values.put(key, change.apply(key, value)));
            changed.add(Collections.unmodifiableMap(values));
        }
        return new Series(dimensions, Collections.unmodifiableList(changed), change.apply(null, empty));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series series && series.dimensions.equals(dimensions) && series.buckets.equals(buckets)
                && Objects.equals(series.empty, empty);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimensions, buckets, empty);
    }

    @Override
    public String toString() {
        return "Series" + dimensions + buckets + " (empty " + empty + ")";
    }
}
