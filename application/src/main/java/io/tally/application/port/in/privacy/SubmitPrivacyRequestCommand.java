package io.tally.application.port.in.privacy;

import io.tally.domain.access.Actor;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.ProfileCorrection;
import io.tally.domain.privacy.RequestType;
import java.util.Objects;
import java.util.Optional;

/** A data subject's request as an admin records it: about which customer, of what type, a note, and a rectification's corrections. */
public record SubmitPrivacyRequestCommand(Actor actor, CustomerId customer, RequestType type, Optional<String> note,
                                          Optional<ProfileCorrection> changes) {
    public SubmitPrivacyRequestCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(changes, "changes");
    }
}
