package io.tally.application.port.in.privacy;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.LegalBasis;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A consent statement from the product: given or withdrawn for a category, the text's version, basis, purpose, when. */
public record RecordConsentCommand(Actor actor, CustomerId customer, String category, boolean given, String version, LegalBasis legalBasis,
                                   Optional<String> purpose, Instant at) {
    public RecordConsentCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
    }
}
