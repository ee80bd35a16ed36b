package io.tally.application.service.metric;

import io.tally.domain.analytics.Bucket;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.Series;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Billing measures per bucket, for the metric engine. */
public interface BillingFigures {

    /**
     * Starts measuring over these buckets, for the tenant or one customer: what the measures read (subscription
     * versions, payments, signups) is read once for all of them. A bucket not ended at {@code now} is measured up
     * to {@code now}; one not begun has nothing. Calendar months (the churn rate's) are cut in {@code zone}.
     */
    Session open(TenantId tenant, Optional<CustomerId> customer, List<Bucket> buckets, Instant now, TimeZoneId zone);

    /** Measures over one run of buckets. */
    interface Session {

        /**
         * The measure in each bucket, split by {@code groupBy} (one of the measure's groupable dimensions) when given
         * and by currency when it is money: the series' dimensions are {@code [groupBy?, currency?]}.
         */
        Series measure(BillingMeasure measure, Optional<String> groupBy);
    }
}
