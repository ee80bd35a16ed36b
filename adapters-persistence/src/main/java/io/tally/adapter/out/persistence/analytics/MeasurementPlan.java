package io.tally.adapter.out.persistence.analytics;

import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.usage.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which source answers each meter of one {@code measure} call, and which meters share a statement. The rules,
 * first match wins:
 * <ol>
 *   <li>{@code max_concurrent}: {@link Source#PEAK_CONCURRENCY}, one meter at a time;</li>
 *   <li>{@code latest} for the whole tenant (each customer's last value, added up): {@link Source#LATEST_VALUES},
 *       one meter at a time;</li>
 *   <li>{@code count}, {@code sum}, {@code avg}, {@code min} and {@code max} for the whole tenant, without filters,
 *       groups or a join, when every bucket starts on a 15-minute slot and the last one ends on one:
 *       {@link Source#ROLLUPS}, all such meters of one event type in one statement;</li>
 *   <li>everything else (a customer's figures, filters, groups, joins, {@code unique_count}, {@code latest} for a
 *       customer, buckets off the slots): {@link Source#RAW_EVENTS}, all such meters of one event type, group-by and
 *       join in one statement.</li>
 * </ol>
 * Every timezone's offset is a whole number of quarter hours today, so local hours, days, weeks and months start
 * on a slot (Kathmandu's +05:45 included); buckets that do not (a local mean time of the 19th century, buckets
 * cut by hand) are answered from the events, exactly, only slower.
 */
final class MeasurementPlan {

    /** Where numbers come from. */
    enum Source {
        /** {@code usage_rollup} plus {@code usage_rollup_pending_rows}: {@link RollupSource}. */
        ROLLUPS,
        /** {@code usage_event}, aggregated per bucket and group: {@link RawEventSource}. */
        RAW_EVENTS,
        /** {@code usage_event}, each customer's last value per bucket, added up: {@link LatestValueSource}. */
        LATEST_VALUES,
        /** {@code usage_event} intervals swept in Java: {@link PeakConcurrencySource}. */
        PEAK_CONCURRENCY
    }

    /** One statement's worth of meters (a peak takes a second, small one: the longest interval). */
    sealed interface Step {
        Source source();

        List<Meter> meters();
    }

    /** Ungrouped, unfiltered count, sum, avg, min and max of one event type, from the rollups. */
    record FromRollups(EventType eventType, List<Meter> meters) implements Step {
        public FromRollups {
            meters = List.copyOf(meters);
        }

        @Override
        public Source source() {
            return Source.ROLLUPS;
        }
    }

    /**
     * All other meters of one event type, group-by and join, from the events, in one statement; {@code readsItems}
     * when the statement must give each event its item's dimensions and the @ dimensions (see {@link Meter#readsItems}).
     */
    record FromEvents(EventType eventType, List<String> groupBy, Optional<ItemJoin> join, boolean readsItems, List<Meter> meters)
            implements Step {
        public FromEvents {
            groupBy = List.copyOf(groupBy);
            meters = List.copyOf(meters);
        }

        @Override
        public Source source() {
            return Source.RAW_EVENTS;
        }
    }

    /** A tenant-wide {@code latest}: each customer's last value in each bucket, added up. */
    record LatestPerCustomer(Meter meter) implements Step {
        @Override
        public Source source() {
            return Source.LATEST_VALUES;
        }

        @Override
        public List<Meter> meters() {
            return List.of(meter);
        }
    }

    /** A {@code max_concurrent}. */
    record PeakConcurrency(Meter meter) implements Step {
        @Override
        public Source source() {
            return Source.PEAK_CONCURRENCY;
        }

        @Override
        public List<Meter> meters() {
            return List.of(meter);
        }
    }

    private static final Set<Aggregation> ROLLED_UP = Set.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX);

    private final List<Step> steps;
    private final Map<MeterKey, Source> sources;

    private MeasurementPlan(List<Step> steps, Map<MeterKey, Source> sources) {
        this.steps = steps;
        this.sources = sources;
    }

    /**
     * The plan for these meters, of one customer ({@code forOneCustomer}) or of the whole tenant, over these
     * buckets (which follow one another without gaps). Steps come in the order of their first meter.
     */
    static MeasurementPlan of(List<Meter> meters, boolean forOneCustomer, List<Bucket> buckets) {
        boolean onSlots = onRollupSlots(buckets);
        // insertion order keeps the steps in the order of their first meter
        Map<Batch, List<Meter>> batches = new LinkedHashMap<>();
        Map<MeterKey, Source> sources = new HashMap<>();
        for (Meter meter : meters) {
            Source source = sourceOf(meter, forOneCustomer, onSlots);
            sources.put(meter.key(), source);
            Batch batch = switch (source) {
                case PEAK_CONCURRENCY, LATEST_VALUES -> new Batch(source, new Object()); // a statement of its own
                case ROLLUPS -> new Batch(source, meter.eventType());
                case RAW_EVENTS -> new Batch(source, List.of(meter.eventType(), meter.groupBy(), meter.join(), meter.readsItems()));
            };
            batches.computeIfAbsent(batch, key -> new ArrayList<>()).add(meter);
        }
        List<Step> steps = new ArrayList<>(batches.size());
        batches.forEach((batch, group) -> {
            Meter first = group.getFirst();
            steps.add(switch (batch.source()) {
                case PEAK_CONCURRENCY -> new PeakConcurrency(first);
                case LATEST_VALUES -> new LatestPerCustomer(first);
                case ROLLUPS -> new FromRollups(first.eventType(), group);
                case RAW_EVENTS -> new FromEvents(first.eventType(), first.groupBy(), first.join(), first.readsItems(), group);
            });
        });
        return new MeasurementPlan(List.copyOf(steps), Map.copyOf(sources));
    }

    /** What the meters of one statement share: its source, and the event type (and group-by) it reads. */
    private record Batch(Source source, Object shared) {
    }

    private static Source sourceOf(Meter meter, boolean forOneCustomer, boolean onSlots) {
        if (meter.aggregation() == Aggregation.MAX_CONCURRENT) {
            return Source.PEAK_CONCURRENCY;
        }
        if (meter.aggregation() == Aggregation.LATEST && !forOneCustomer) {
            return Source.LATEST_VALUES;
        }
        if (!forOneCustomer && onSlots && ROLLED_UP.contains(meter.aggregation()) && meter.filters().isEmpty() && !meter.isGrouped()
                && meter.join().isEmpty()) {
            return Source.ROLLUPS;
        }
        return Source.RAW_EVENTS;
    }

    /** True when every bucket starts on a 15-minute rollup slot and the last one ends on one. */
    static boolean onRollupSlots(List<Bucket> buckets) {
        return buckets.stream().allMatch(bucket -> onSlot(bucket.start())) && onSlot(buckets.getLast().end());
    }

    private static boolean onSlot(Instant instant) {
        return instant.getNano() == 0 && instant.getEpochSecond() % RollupDeltas.SLOT_SECONDS == 0;
    }

    /** The statements to run, in the order of their first meter. */
    List<Step> steps() {
        return steps;
    }

    /** The source that answers a meter of the plan. */
    Source sourceOf(MeterKey meter) {
        Source source = sources.get(meter);
        if (source == null) {
            throw new IllegalArgumentException("meter " + meter + " is not in the plan");
        }
        return source;
    }
}
