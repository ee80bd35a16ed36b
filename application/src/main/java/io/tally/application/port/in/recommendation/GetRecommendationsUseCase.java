package io.tally.application.port.in.recommendation;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.recommendation.Recommendation;
import java.util.List;
import java.util.Optional;

/** Rule-based recommendations with their evidence (viewer and above; a customer-scoped token for its customers only). */
public interface GetRecommendationsUseCase {

    /** A customer's recommendations, most severe first. */
    List<Recommendation> customerRecommendations(Actor actor, CustomerId customer);

    /**
     * The tenant's: on the first page (no {@code after}) the tenant-wide ones, then those of a page of at most
     * {@code limit} customers after {@code after} (by id), most severe first.
     */
    Page tenantRecommendations(Actor actor, Optional<CustomerId> after, int limit);

    /** The recommendations of a page, and the last customer it looked at when there may be more. */
    record Page(List<Recommendation> items, Optional<CustomerId> next) {
        public Page {
            items = List.copyOf(items);
        }
    }
}
