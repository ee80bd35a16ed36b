package io.tally.domain.common;

/** The thing existed but is no more (an export file past its expiry). */
public final class GoneException extends DomainException {

    public GoneException(String message) {
        super(message);
    }
}
