package io.tally.adapter.in.http.problem;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.tally.adapter.in.http.request.RequestIds;
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
