package io.tally.application.port.in.billing;

import io.tally.domain.billing.MrrMovements;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** MRR per calendar month, oldest first; months are cut at local midnight in {@code timezone}. */
public record MrrSeries(TimeZoneId timezone, List<Month> months) {

    public MrrSeries {
        months = List.copyOf(months);
    }

    /**
     * @param measuredUntil the end of the month, or the moment of the request for the current month
     * @param mrr per currency, in currency order
     * @param payingCustomers customers with MRR at the end
     */
    public record Month(YearMonth month, Instant start, Instant measuredUntil, List<MrrMovements> mrr, long payingCustomers) {

        public Month {
            mrr = List.copyOf(mrr);
        }
    }
}
