package io.tally.application.port.in.privacy;

import io.tally.application.port.out.privacy.PrivacyRequestStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.Optional;

/** A page of requests, newest first: by status, type, customer, or those overdue. */
public record ListPrivacyRequestsQuery(Actor actor, Optional<io.tally.domain.privacy.PrivacyRequest.Status> status,
                                       Optional<io.tally.domain.privacy.RequestType> type, Optional<String> customer, boolean overdue,
                                       Optional<PrivacyRequestStorePort.Cursor> before, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public ListPrivacyRequestsQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(before, "before");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be 1 to " + MAX_LIMIT);
        }
    }
}
