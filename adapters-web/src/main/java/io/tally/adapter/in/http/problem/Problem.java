package io.tally.adapter.in.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response. {@code errors} lists the offending input
 * fields of a validation problem; {@code request_id} matches the X-Request-Id header and the logs.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, @Nullable String instance,
                      @Nullable String requestId, @Nullable List<FieldError> errors) {

    /** One invalid input: the JSON field, query or path parameter (snake_case), and what is wrong with it. */
    @Serdeable
    public record FieldError(String field, String message) {
    }
}
