package io.tally.domain.privacy;

import io.tally.domain.common.ConsentCategory;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a customer's consent for a category of processing, as the product recorded it: given or withdrawn,
 * the version of the text agreed to, the legal basis and the purpose, when it was given ({@code at}), and when Tally
 * recorded it. Records are appended, never changed: the history is the proof.
 */
public record ConsentRecord(CustomerId customer, String category, boolean given, String version, LegalBasis legalBasis,
                            Optional<String> purpose, Instant at, Instant recordedAt) {

    public static final int TEXT_MAX_LENGTH = 200;

    public ConsentRecord {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(recordedAt, "recordedAt");
        ConsentCategory.require(category, "category");
        if (version.isBlank() || version.length() > TEXT_MAX_LENGTH) {
            throw new InvalidValueException("version", "is required: the version of the consent text, 1 to " + TEXT_MAX_LENGTH + " characters");
        }
        if (purpose.filter(text -> text.isBlank() || text.length() > TEXT_MAX_LENGTH).isPresent()) {
            throw new InvalidValueException("purpose", "must be 1 to " + TEXT_MAX_LENGTH + " characters");
        }
    }
}
