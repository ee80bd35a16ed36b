package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Period;
import java.util.List;
import java.util.Optional;

/** The usage figures of a customer or a whole tenant over a period, each with the period before; tenant-wide, the top customers. */
public record UsageSummary(Period period, List<Figure> figures, Optional<List<TopCustomer>> topCustomers) {

    public UsageSummary {
        figures = List.copyOf(figures);
        topCustomers = topCustomers.map(List::copyOf);
    }

    /** A customer among those with the most API calls in the period. */
    public record TopCustomer(String externalId, String displayName, long apiCalls) {
    }
}
