package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.tally.adapter.in.http.request.RequestIds;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import java.util.List;

/** Builds problem+json responses; the one place that decides how an error looks on the wire. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.of(MediaType.APPLICATION_JSON_PROBLEM);
    private static final int MAX_DETAIL = 500;

    private Problems() {
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, HttpStatus status, ProblemType type,
                                                        String detail, List<Problem.FieldError> errors) {
        return decorate(request, HttpResponse.status(status), status, type, detail, errors);
    }

    /**
     * The problem a domain failure is, as its own response would carry it (invalid → 400, forbidden → 403, not found →
     * 404, conflict → 409, gone → 410, unprocessable → 422): for answers that hold several results, each with its own
     * problem (a dashboard's widgets).
     */
    public static Problem of(HttpRequest<?> request, DomainException exception) {
        HttpStatus status = statusOf(exception);
        List<Problem.FieldError> errors = exception instanceof InvalidValueException invalid && !invalid.field().isEmpty()
                ? List.of(new Problem.FieldError(invalid.field(), invalid.getMessage())) : null;
        return new Problem(typeOf(exception).uri(), typeOf(exception).title(status), status.getCode(), clean(detailOf(exception)),
                request.getPath(), RequestIds.of(request), errors);
    }

    static HttpStatus statusOf(DomainException exception) {
        return switch (exception) {
            case InvalidValueException invalid -> HttpStatus.BAD_REQUEST;
            case NotFoundException notFound -> HttpStatus.NOT_FOUND;
            case ConflictException conflict -> HttpStatus.CONFLICT;
            case ForbiddenException forbidden -> HttpStatus.FORBIDDEN;
            case UnprocessableException unprocessable -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GoneException gone -> HttpStatus.GONE;
        };
    }

    static ProblemType typeOf(DomainException exception) {
        return switch (exception) {
            case InvalidValueException invalid -> ProblemType.VALIDATION;
            case NotFoundException notFound -> ProblemType.NOT_FOUND;
            case ConflictException conflict -> ProblemType.CONFLICT;
            case ForbiddenException forbidden -> ProblemType.FORBIDDEN;
            case UnprocessableException unprocessable -> ProblemType.UNPROCESSABLE;
            case GoneException gone -> ProblemType.GONE;
        };
    }

    /** The detail line: a field's problem starts with the field. */
    static String detailOf(DomainException exception) {
        return exception instanceof InvalidValueException invalid && !invalid.field().isEmpty()
                ? invalid.field() + ": " + invalid.getMessage() : exception.getMessage();
    }

    /** Turns an error response that Micronaut or a handler started into a problem response. */
    @SuppressWarnings("unchecked")
    static MutableHttpResponse<Problem> decorate(HttpRequest<?> request, MutableHttpResponse<?> response, HttpStatus status,
                                                 ProblemType type, String detail, List<Problem.FieldError> errors) {
        MutableHttpResponse<Problem> problemResponse = (MutableHttpResponse<Problem>) response;
        String requestId = RequestIds.of(request);
        problemResponse.getHeaders().set(RequestIds.HEADER, requestId);
        if (status == HttpStatus.UNAUTHORIZED) {
            problemResponse.getHeaders().set("WWW-Authenticate", "Bearer realm=\"tally\"");
        }
        if (request.getMethod() == HttpMethod.HEAD) {
            return problemResponse;
        }
        Problem problem = new Problem(type.uri(), type.title(status), status.getCode(), clean(detail),
                request.getPath(), requestId, errors == null || errors.isEmpty() ? null : List.copyOf(errors));
        return problemResponse.body(problem).contentType(PROBLEM_JSON);
    }

    /** One line, bounded, so that no multi-line framework message or trace reaches a client. */
    static String clean(String detail) {
        if (detail == null || detail.isBlank()) {
            return "";
        }
        String line = detail.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip();
        }
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
