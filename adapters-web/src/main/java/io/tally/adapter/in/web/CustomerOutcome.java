package io.tally.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.bulk.BulkOutcome;

/**
 * What an admin bulk action did for one customer, as its answer lists it: {@code status} is what the action calls
 * applying to it ({@code reset}, {@code changed}), {@code not_found} or {@code skipped} (with the {@code reason}).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerOutcome(String customer, String status, @Nullable String reason) {

    /** The outcome, an applied one called {@code applied}. */
    public static CustomerOutcome of(BulkOutcome outcome, String applied) {
        String status = switch (outcome.status()) {
            case APPLIED -> applied;
            case NOT_FOUND -> "not_found";
            case SKIPPED -> "skipped";
        };
        return new CustomerOutcome(outcome.customer(), status, outcome.reason().orElse(null));
    }
}
