package io.tally.domain.common;

/** The caller may not do this at all (as opposed to a thing it may not see, which is reported as not found). */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }
}
