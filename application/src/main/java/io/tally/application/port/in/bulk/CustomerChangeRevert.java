package io.tally.application.port.in.bulk;

import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.CustomerChange;
import java.util.List;
import java.util.Objects;

/** A reverted customer change (with its restoration's counts), and the customers it kept as they were, each with why. */
public record CustomerChangeRevert(CustomerChange change, List<BulkOutcome> kept) {

    public CustomerChangeRevert {
        Objects.requireNonNull(change, "change");
        kept = List.copyOf(kept);
    }
}
