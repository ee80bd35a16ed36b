package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.InvalidValueException;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps the domain's and use cases' deliberate failures to problems: invalid → 400, forbidden → 403, not found → 404,
 * conflict → 409, gone → 410, unprocessable → 422. */
@Produces
@Singleton
final class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DomainException exception) {
        List<Problem.FieldError> errors = exception instanceof InvalidValueException invalid && !invalid.field().isEmpty()
                ? List.of(new Problem.FieldError(invalid.field(), invalid.getMessage())) : null;
        return Problems.response(request, Problems.statusOf(exception), Problems.typeOf(exception), Problems.detailOf(exception), errors);
    }
}
