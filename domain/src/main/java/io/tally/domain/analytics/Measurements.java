package io.tally.domain.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a store measured for some meters over some buckets: per meter, per bucket (by its index in the list of
 * buckets asked about), per group, one {@link Measurement}. A group is named by its key: the values of the
 * meter's group-by dimensions in order, {@code null} where an event lacked one; an ungrouped meter has the one
 * key {@code List.of()}. A bucket without events has no groups.
 *
 * <pre>{@code
 * measured.of(calls.key()).bucket(i).get(List.of("completed"))   // one group in one bucket
 * measured.only(calls.key()).ungrouped()                          // asked for one bucket, ungrouped meter
 * }</pre>
 *
 * <p>Reading a group that was not measured gives {@link Measurement#NONE}, which every {@link Meter} turns into
 * its empty value (0 or no value); asking for a meter that was not measured is a programming error and throws.
 * Instances are immutable: a store fills a {@link Builder} once and hands out what it builds.
 *
 * <p>It lives in the domain, beside {@link Measurement}, rather than in the application's outgoing port: it is
 * the vocabulary of meters, buckets and groups that the domain already defines, says nothing about where the
 * numbers come from, and so can be read by domain code (figure arithmetic, a metric's formula) as well as by
 * the services that ask the port.
 */
public final class Measurements {

    private final Map<MeterKey, Series> byMeter;
    private final int buckets;

    private Measurements(Map<MeterKey, Series> byMeter, int buckets) {
        this.byMeter = byMeter;
        this.buckets = buckets;
    }

    /** A builder for these meters over {@code buckets} buckets, each bucket of each meter empty to begin with. */
    public static Builder builder(Collection<MeterKey> meters, int buckets) {
        return new Builder(meters, buckets);
    }

    /** One meter's measurements, bucket by bucket. */
    public Series of(MeterKey meter) {
        Series series = byMeter.get(Objects.requireNonNull(meter, "meter"));
        if (series == null) {
            throw new IllegalArgumentException("meter " + meter + " was not measured; measured: " + byMeter.keySet());
        }
        return series;
    }

    /** One meter's groups when a single bucket was asked about (a whole period). */
    public Groups only(MeterKey meter) {
        if (buckets != 1) {
            throw new IllegalStateException("measured over " + buckets + " buckets, not one");
        }
        return of(meter).bucket(0);
    }

    /** The meters measured, in the order they were asked about. */
    public Set<MeterKey> meters() {
        return Collections.unmodifiableSet(byMeter.keySet());
    }

    /** How many buckets each meter was measured over. */
    public int bucketCount() {
        return buckets;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Measurements that && buckets == that.buckets && byMeter.equals(that.byMeter);
    }

    @Override
    public int hashCode() {
        return byMeter.hashCode();
    }

    @Override
    public String toString() {
        return byMeter.toString();
    }

    /** One meter's measurements in each bucket, in the buckets' order. */
    public static final class Series {

        private final List<Groups> buckets;

        private Series(List<Groups> buckets) {
            this.buckets = buckets;
        }

        /** The groups of the bucket at this index (0 for the first bucket asked about). */
        public Groups bucket(int index) {
            return buckets.get(index);
        }

        public Groups first() {
            return buckets.getFirst();
        }

        public Groups last() {
            return buckets.getLast();
        }

        /** Every bucket's groups, in order (unmodifiable). */
        public List<Groups> buckets() {
            return buckets;
        }

        public int size() {
            return buckets.size();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Series that && buckets.equals(that.buckets);
        }

        @Override
        public int hashCode() {
            return buckets.hashCode();
        }

        @Override
        public String toString() {
            return buckets.toString();
        }
    }

    /** One meter's measurements in one bucket, per group key. Groups are in no particular order. */
    public static final class Groups {

        private final Map<List<String>, Measurement> byKey;

        private Groups(Map<List<String>, Measurement> byKey) {
            this.byKey = byKey;
        }

        /** The group's measurement, or {@link Measurement#NONE} when the bucket had no such group. */
        public Measurement get(List<String> groupKey) {
            return byKey.getOrDefault(groupKey, Measurement.NONE);
        }

        /** The measurement of an ungrouped meter: {@code get(List.of())}. */
        public Measurement ungrouped() {
            return get(List.of());
        }

        public boolean contains(List<String> groupKey) {
            return byKey.containsKey(groupKey);
        }

        /** The group keys measured in this bucket (unmodifiable). */
        public Set<List<String>> keys() {
            return Collections.unmodifiableSet(byKey.keySet());
        }

        public void forEach(BiConsumer<List<String>, Measurement> action) {
            byKey.forEach(action);
        }

        public int size() {
            return byKey.size();
        }

        public boolean isEmpty() {
            return byKey.isEmpty();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Groups that && byKey.equals(that.byKey);
        }

        @Override
        public int hashCode() {
            return byKey.hashCode();
        }

        @Override
        public String toString() {
            return byKey.toString();
        }
    }

    /**
     * Collects measurements as a store reads them; used once: {@link #build()} hands its content over, and it
     * takes no more. Putting a group twice keeps the last measurement.
     */
    public static final class Builder {

        private final Map<MeterKey, List<Map<List<String>, Measurement>>> byMeter = new LinkedHashMap<>();
        private final int buckets;
        private boolean built;

        private Builder(Collection<MeterKey> meters, int buckets) {
            if (buckets < 0) {
                throw new IllegalArgumentException("buckets must not be negative");
            }
            this.buckets = buckets;
            for (MeterKey meter : meters) {
                List<Map<List<String>, Measurement>> perBucket = new ArrayList<>(buckets);
                for (int i = 0; i < buckets; i++) {
                    perBucket.add(new HashMap<>());
                }
                byMeter.putIfAbsent(Objects.requireNonNull(meter, "meter"), perBucket);
            }
        }

        /** Records the measurement of one group of one meter in the bucket at this index. */
        public Builder put(MeterKey meter, int bucket, List<String> groupKey, Measurement measurement) {
            if (built) {
                throw new IllegalStateException("already built");
            }
            List<Map<List<String>, Measurement>> perBucket = byMeter.get(meter);
            if (perBucket == null) {
                throw new IllegalArgumentException("meter " + meter + " is not among those measured: " + byMeter.keySet());
            }
            Objects.requireNonNull(measurement, "measurement");
            // a copy that keeps nulls (List.copyOf refuses them) and cannot be changed through the caller's list
            List<String> key = groupKey.isEmpty() ? List.of() : Collections.unmodifiableList(Arrays.asList(groupKey.toArray(String[]::new)));
            perBucket.get(bucket).put(key, measurement);
            return this;
        }

        public Measurements build() {
            if (built) {
                throw new IllegalStateException("already built");
            }
            built = true;
            Map<MeterKey, Series> series = new LinkedHashMap<>();
            byMeter.forEach((meter, perBucket) -> series.put(meter,
                    new Series(perBucket.stream().map(groups -> new Groups(Collections.unmodifiableMap(groups))).toList())));
            return new Measurements(Collections.unmodifiableMap(series), buckets);
        }
    }
}
