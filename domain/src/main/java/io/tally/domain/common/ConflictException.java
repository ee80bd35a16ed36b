package io.tally.domain.common;

/** The request is valid but clashes with the current state (a duplicate key, a thing still in use). */
public final class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
