package io.tally.domain.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The peak number of intervals [start, end) that overlap at one instant, per bucket. An interval that ends
 * exactly when another starts does not overlap it. Intervals are cut to the buckets, so one that began
 * before a bucket counts in it while it lasts.
 */
public final class MaxConcurrent {

    /** One interval; empty ones (end not after start) never count. */
    public record Interval(Instant start, Instant end) {

        public Interval {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    private record Point(Instant time, int delta) {
    }

    private MaxConcurrent() {
    }

    /** The peak in each bucket, in the buckets' order; the buckets must follow one another without gaps. */
    public static long[] peaks(List<Interval> intervals, List<Bucket> buckets) {
        long[] peaks = new long[buckets.size()];
        if (buckets.isEmpty()) {
            return peaks;
        }
        Instant from = buckets.getFirst().start();
        Instant to = buckets.getLast().end();
        List<Point> points = new ArrayList<>(intervals.size() * 2);
        for (Interval interval : intervals) {
            Instant start = interval.start().isBefore(from) ? from : interval.start();
            Instant end = interval.end().isAfter(to) ? to : interval.end();
            if (end.isAfter(start)) {
                points.add(new Point(start, 1));
                points.add(new Point(end, -1));
            }
        }
        points.sort(Comparator.comparing(Point::time).thenComparingInt(Point::delta));
        long level = 0;
        int next = 0;
        for (int b = 0; b < buckets.size(); b++) {
            Bucket bucket = buckets.get(b);
            // the level carried in is what runs at the bucket's start, unless something changes right then
            long peak = next < points.size() && points.get(next).time().equals(bucket.start()) ? 0 : level;
            while (next < points.size() && points.get(next).time().isBefore(bucket.end())) {
                Instant time = points.get(next).time();
                while (next < points.size() && points.get(next).time().equals(time)) {
                    level += points.get(next).delta();
                    next++;
                }
                peak = Math.max(peak, level);
            }
            peaks[b] = peak;
        }
        return peaks;
    }
}
