package io.tally.domain.common;

/** Base of the exceptions that the domain and the use cases raise on purpose; adapters map each kind to one response. */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidValueException, NotFoundException, ConflictException, ForbiddenException, UnprocessableException,
        GoneException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
