package io.tally.domain.common;

import java.util.Objects;

/**
 * A value broke an invariant. {@code field} names the input it came from when the caller knows it
 * (for example {@code timezone}), otherwise it is empty.
 */
public final class InvalidValueException extends DomainException {

    private final String field;

    public InvalidValueException(String message) {
        this("", message);
    }

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }

    /** The same problem, attributed to the named input field. */
    public InvalidValueException forField(String name) {
        return new InvalidValueException(name, getMessage());
    }
}
