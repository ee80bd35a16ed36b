package io.tally.application.service.dashboard;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Period;
import io.tally.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers of widget queries, per node, bounded by the values they hold: each answer weighs its cells (a value per
 * bucket and group of every series, and the totals), and when the cache holds more than its capacity the least
 * recently used answers go; an answer heavier than the whole capacity is not kept. An answer is kept under its
 * tenant, its query (parameters and filters filled in) and the period it covered, with the tenant's data watermark
 * it was computed at; it is served only while the watermark has not moved and it is younger than the maximum age
 * (which bounds what time alone changes, such as a subscription ending at a set time).
 */
final class WidgetCache {

    /** What an answer is kept under. */
    record Key(TenantId tenant, QueryDefinition query, Period period) {
    }

    /** An answer, the watermark and the instant it was computed at. */
    record Entry(long watermark, AnalyticsResult result, Instant computedAt) {

        /** The cells it holds: a value per bucket and group of every series, and each group's total. */
        long cells() {
            long cells = 1;
            for (AnalyticsResult.SeriesResult series : result.series()) {
                for (AnalyticsResult.Group group : series.groups()) {
                    cells += group.values().size() + 1;
                }
            }
            return cells;
        }
    }

    private final long capacity;
    private final Duration maxAge;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long cells;

    /** @param capacity the most cells the answers kept may hold together */
    WidgetCache(long capacity, Duration maxAge) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a cache holds at least one cell");
        }
        this.capacity = capacity;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** The answer kept under the key, when it was computed at this watermark and is not too old at {@code now}. */
    synchronized Optional<Entry> get(Key key, long watermark, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.watermark() != watermark || entry.computedAt().plus(maxAge).isBefore(now)) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** Keeps an answer, unless one of a later watermark is kept already; makes room by dropping the least recently used. */
    synchronized void put(Key key, Entry entry) {
        Entry kept = entries.get(key);
        if (kept != null && kept.watermark() > entry.watermark()) {
            return;
        }
        long weight = entry.cells();
        if (weight > capacity) {
            remove(key);
            return;
        }
        remove(key);
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (cells + weight > capacity && eldest.hasNext()) {
            cells -= eldest.next().getValue().cells();
            eldest.remove();
        }
        entries.put(key, entry);
        cells += weight;
    }

    private void remove(Key key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            cells -= removed.cells();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** The cells the answers kept hold together. */
    synchronized long cells() {
        return cells;
    }
}
