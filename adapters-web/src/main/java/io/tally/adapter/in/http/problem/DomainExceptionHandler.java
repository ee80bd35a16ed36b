package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps the domain's and use cases' deliberate failures to problems: invalid → 400, forbidden → 403, not found → 404,
 * conflict → 409, gone → 410, unprocessable → 422. */
@Produces
@Singleton
final class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DomainException exception) {
        return switch (exception) {
            case InvalidValueException invalid -> invalid.field().isEmpty()
                    ? Problems.response(request, HttpStatus.BAD_REQUEST, ProblemType.VALIDATION, invalid.getMessage(), null)
                    : Problems.response(request, HttpStatus.BAD_REQUEST, ProblemType.VALIDATION,
                    invalid.field() + ": " + invalid.getMessage(),
                    List.of(new Problem.FieldError(invalid.field(), invalid.getMessage())));
            case NotFoundException notFound ->
                    Problems.response(request, HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, notFound.getMessage(), null);
            case ConflictException conflict ->
                    Problems.response(request, HttpStatus.CONFLICT, ProblemType.CONFLICT, conflict.getMessage(), null);
            case ForbiddenException forbidden ->
                    Problems.response(request, HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN, forbidden.getMessage(), null);
            case UnprocessableException unprocessable ->
                    Problems.response(request, HttpStatus.UNPROCESSABLE_ENTITY, ProblemType.UNPROCESSABLE, unprocessable.getMessage(), null);
            case GoneException gone -> Problems.response(request, HttpStatus.GONE, ProblemType.GONE, gone.getMessage(), null);
        };
    }
}
