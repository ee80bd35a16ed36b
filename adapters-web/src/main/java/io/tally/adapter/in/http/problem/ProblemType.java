package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpStatus;

/**
 * The problem types Tally answers with. Plain HTTP failures use {@code about:blank} with the status's
 * reason as title (RFC 9457, section 4.2.1); the others have a stable URN, listed in docs/api.md.
 */
public enum ProblemType {
    HTTP_STATUS("about:blank", null),
    VALIDATION("urn:tally:problem:validation", "Invalid request"),
    MALFORMED_JSON("urn:tally:problem:malformed-json", "Malformed JSON"),
    CONFLICT("urn:tally:problem:conflict", "Conflict"),
    UNAUTHENTICATED("urn:tally:problem:unauthenticated", "Unauthenticated"),
    FORBIDDEN("urn:tally:problem:forbidden", "Forbidden"),
    NOT_FOUND("urn:tally:problem:not-found", "Not found"),
    GONE("urn:tally:problem:gone", "Gone"),
    UNPROCESSABLE("urn:tally:problem:unprocessable", "Unprocessable request"),
    PAYLOAD_TOO_LARGE("urn:tally:problem:payload-too-large", "Payload too large"),
    INTERNAL("urn:tally:problem:internal", "Internal error");

    private final String uri;
    private final String title;

    ProblemType(String uri, String title) {
        this.uri = uri;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public String title(HttpStatus status) {
        return title == null ? status.getReason() : title;
    }
}
