package io.tally.adapter.out.persistence.analytics;

import io.tally.domain.analytics.Bucket;
import java.util.List;

/**
 * The buckets' starts, bound as one {@code timestamptz[]} value and matched with
 * {@code width_bucket(e.occurred_at, ?)} (1 for the first bucket): PostgreSQL parses the array once per
 * query. (Bound as {@code text[]} and cast in the SQL, the cast is evaluated again for every row, which made a
 * year's series 20 times slower: 1.9 s instead of 60 ms on 200,000 events.)
 */
record BucketStarts(String[] starts) {

    static BucketStarts of(List<Bucket> buckets) {
        return new BucketStarts(buckets.stream().map(bucket -> bucket.start().toString()).toArray(String[]::new));
    }
}
