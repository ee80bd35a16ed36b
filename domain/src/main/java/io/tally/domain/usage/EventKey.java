package io.tally.domain.usage;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.util.Objects;

/**
 * What makes a usage event unique within its tenant: the CloudEvents {@code source} and {@code id}. Both
 * are 1 to 255 characters without control characters.
 */
public record EventKey(String source, String id) {

    public static final int MAX_LENGTH = 255;

    public EventKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        require("source", source);
        require("id", id);
    }

    private static void require(String field, String value) {
        if (value.isEmpty()) {
            throw new InvalidValueException(field, "must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException(field, "must be at most " + MAX_LENGTH + " characters");
        }
        String characters = Text.characterProblem(value);
        if (characters != null) {
            throw new InvalidValueException(field, characters);
        }
    }
}
