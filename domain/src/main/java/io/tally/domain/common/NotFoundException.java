package io.tally.domain.common;

/** The thing asked for does not exist for this caller. Also raised for things the caller may not see, so existence is never revealed. */
public final class NotFoundException extends DomainException {

    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id) {
        super(kind + " '" + id + "' was not found");
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
