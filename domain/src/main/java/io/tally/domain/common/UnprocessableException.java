package io.tally.domain.common;

/** The request is well formed but asks for something Tally will not do this way (a PDF too long to be useful); the message says what to do instead. */
public final class UnprocessableException extends DomainException {

    public UnprocessableException(String message) {
        super(message);
    }
}
