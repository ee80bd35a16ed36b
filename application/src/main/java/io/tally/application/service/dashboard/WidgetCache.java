package io.tally.application.service.dashboard;

import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Period;
import io.tally.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers of widget queries, per node, bounded: the least recently used answer goes when the cache is full. An answer
 * is kept under its tenant, its query (parameters and filters filled in) and the period it covered, with the
 * tenant's data watermark it was computed at; it is served only while the watermark has not moved and it is younger
 * than the maximum age (which bounds what time alone changes, such as a subscription ending at a set time).
 */
final class WidgetCache {

    /** What an answer is kept under. */
    record Key(TenantId tenant, QueryDefinition query, Period period) {
    }

    /** An answer, the watermark and the instant it was computed at. */
    record Entry(long watermark, AnalyticsResult result, Instant computedAt) {
    }

    private final int capacity;
    private final Duration maxAge;
    private final Map<Key, WidgetCache.Entry> entries;

    WidgetCache(int capacity, Duration maxAge) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a cache holds at least one answer");
        }
        this.capacity = capacity;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, WidgetCache.Entry> eldest) {
                return size() > WidgetCache.this.capacity;
            }
        };
    }

    /** The answer kept under the key, when it was computed at this watermark and is not too old at {@code now}. */
    synchronized Optional<Entry> get(Key key, long watermark, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.watermark() != watermark || entry.computedAt().plus(maxAge).isBefore(now)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    synchronized void put(Key key, Entry entry) {
        Entry kept = entries.get(key);
        if (kept == null || kept.watermark() <= entry.watermark()) {
            entries.put(key, entry);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
