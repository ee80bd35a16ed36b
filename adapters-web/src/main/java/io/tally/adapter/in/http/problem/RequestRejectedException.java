package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpStatus;
import java.util.Objects;

/**
 * An adapter's refusal of a request as a whole, before any use case runs (a body that is not JSON, a batch
 * over its size limit), answered as a problem with this status, type and detail.
 */
public final class RequestRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final ProblemType type;

    private RequestRejectedException(HttpStatus status, ProblemType type, String detail) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.type = Objects.requireNonNull(type, "type");
    }

    public static RequestRejectedException malformedJson(String detail) {
        return new RequestRejectedException(HttpStatus.BAD_REQUEST, ProblemType.MALFORMED_JSON, detail);
    }

    public static RequestRejectedException tooLarge(String detail) {
        return new RequestRejectedException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, ProblemType.PAYLOAD_TOO_LARGE, detail);
    }

    HttpStatus status() {
        return status;
    }

    ProblemType type() {
        return type;
    }
}
