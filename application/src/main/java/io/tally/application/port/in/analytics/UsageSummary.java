package io.tally.application.port.in.analytics;

import io.tally.domain.analytics.Period;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The usage figures of a customer or a whole tenant over a period, each with the period before; tenant-wide, the top
 * customers. {@code asOf}: empty when read on the primary, else the instant the read replica is current to.
 */
public record UsageSummary(Period period, List<Figure> figures, Optional<List<TopCustomer>> topCustomers, Optional<Instant> asOf) {

    public UsageSummary {
        figures = List.copyOf(figures);
        topCustomers = topCustomers.map(List::copyOf);
        asOf = asOf == null ? Optional.empty() : asOf;
    }

    /** A summary read on the primary. */
    public UsageSummary(Period period, List<Figure> figures, Optional<List<TopCustomer>> topCustomers) {
        this(period, figures, topCustomers, Optional.empty());
    }

    /** This summary, read where {@code asOf} says. */
    public UsageSummary withAsOf(Optional<Instant> asOf) {
        return new UsageSummary(period, figures, topCustomers, asOf);
    }

    /** A customer among those with the most API calls in the period. */
    public record TopCustomer(String externalId, String displayName, long apiCalls) {
    }
}
