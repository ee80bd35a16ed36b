package io.tally.domain.bulk;

import io.tally.domain.customer.CustomerId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** The customers a bulk action is for: the ids given (each once, in their order), or every customer whose profile names a plan. */
public sealed interface CustomerSelection {

    /** At most this many ids in one request. */
    int MAX_IDS = 10_000;

    /** What the request named, for the record and the audit log: "3 customer ids", "plan basic". */
    String scope();

    /** External ids, duplicates dropped (the first stays), at least one. */
    record Ids(List<CustomerId> ids) implements CustomerSelection {

        public Ids {
            ids = List.copyOf(new LinkedHashSet<>(ids));
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("a selection by ids needs at least one");
            }
        }

        @Override
        public String scope() {
            return ids.size() + (ids.size() == 1 ? " customer id" : " customer ids");
        }
    }

    /** Every customer whose profile names this plan (defined or not), by external id. */
    record OnPlan(String plan) implements CustomerSelection {

        public OnPlan {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public String scope() {
            return "plan " + plan;
        }
    }
}
