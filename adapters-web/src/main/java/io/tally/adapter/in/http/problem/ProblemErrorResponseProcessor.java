package io.tally.adapter.in.http.problem;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.tally.adapter.in.http.security.SecurityRoles;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Shapes every error Micronaut itself reports (unknown route, wrong method or media type, unreadable body,
 * too large a body, refused authentication) as an RFC 9457 problem.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final Pattern JSON_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

    private final long maxRequestSize;

    ProblemErrorResponseProcessor(@Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context, @NonNull MutableHttpResponse<?> response) {
        HttpRequest<?> request = context.getRequest();
        HttpStatus status = response.status();
        Throwable cause = context.getRootCause().orElse(null);
        return switch (status) {
            case BAD_REQUEST -> badRequest(context, response, cause);
            case UNAUTHORIZED -> Problems.decorate(request, response, status, ProblemType.UNAUTHENTICATED,
                    "Send a valid, unexpired bearer token for this API: Authorization: Bearer <jwt>", null);
            case FORBIDDEN -> Problems.decorate(request, response, status, ProblemType.FORBIDDEN, forbiddenDetail(request), null);
            case REQUEST_ENTITY_TOO_LARGE -> Problems.decorate(request, response, status, ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit of " + maxRequestSize + " bytes", null);
            case NOT_FOUND -> Problems.decorate(request, response, status, ProblemType.HTTP_STATUS,
                    "No resource at " + request.getPath(), null);
            case METHOD_NOT_ALLOWED -> Problems.decorate(request, response, status, ProblemType.HTTP_STATUS,
                    request.getMethodName() + " is not allowed on " + request.getPath()
                            + response.getHeaders().findFirst(HttpHeaders.ALLOW).map(allow -> "; allowed: " + allow).orElse(""), null);
            case UNSUPPORTED_MEDIA_TYPE -> Problems.decorate(request, response, status, ProblemType.HTTP_STATUS,
                    "Content-Type '" + request.getContentType().map(MediaType::toString).orElse("") + "' is not accepted by "
                            + request.getPath() + (request.getHeaders().contains("ce-specversion")
                            ? ": a binary-mode CloudEvent carries its data as application/json (datacontenttype), and data_base64 has no binary form"
                            : ""), null);
            case NOT_ACCEPTABLE -> Problems.decorate(request, response, status, ProblemType.HTTP_STATUS,
                    request.getPath() + " cannot answer in any of the media types the Accept header asks for", null);
            default -> status.getCode() >= 500
                    ? Problems.decorate(request, response, status, ProblemType.INTERNAL,
                    "The request could not be completed; quote the request id when reporting this", null)
                    : Problems.decorate(request, response, status, ProblemType.HTTP_STATUS, status.getReason(), null);
        };
    }

    private static MutableHttpResponse<Problem> badRequest(ErrorContext context, MutableHttpResponse<?> response, Throwable cause) {
        HttpRequest<?> request = context.getRequest();
        if (isJsonSyntax(cause)) {
            return Problems.decorate(request, response, HttpStatus.BAD_REQUEST, ProblemType.MALFORMED_JSON,
                    "The request body is not valid JSON" + jsonLocation(cause), null);
        }
        List<Problem.FieldError> errors = cause instanceof ConversionErrorException conversion
                ? List.of(ConversionErrors.describe(conversion))
                : cause instanceof UnsatisfiedRouteException unsatisfied
                ? List.of(ConversionErrors.describeMissing(unsatisfied))
                : List.of();
        if (!errors.isEmpty()) {
            return Problems.decorate(request, response, HttpStatus.BAD_REQUEST, ProblemType.VALIDATION,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
        return Problems.decorate(request, response, HttpStatus.BAD_REQUEST, ProblemType.HTTP_STATUS,
                "The request is not valid as sent", null);
    }

    private static boolean isJsonSyntax(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonSyntaxException) {
                return true;
            }
        }
        return false;
    }

    /** Where the parser stopped, as " (line 1, column 23)", when it said so. */
    private static String jsonLocation(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            Matcher location = JSON_LOCATION.matcher(String.valueOf(t.getMessage()));
            if (location.find()) {
                return " (line " + location.group(1) + ", column " + location.group(2) + ")";
            }
        }
        return "";
    }

    /** Names the role or scope the refused operation needs, read from the route's @Secured. */
    private static String forbiddenDetail(HttpRequest<?> request) {
        Optional<String[]> needed = RouteAttributes.getRouteMatch(request)
                .map(match -> match.getRouteInfo().getAnnotationMetadata().stringValues(Secured.class))
                .filter(values -> values.length > 0);
        return needed.map(values -> "This operation needs " + Arrays.stream(values)
                        .map(value -> value.startsWith(SecurityRoles.SCOPE_PREFIX)
                                ? "the scope " + value.substring(SecurityRoles.SCOPE_PREFIX.length())
                                : "the role " + value)
                        .collect(Collectors.joining(" or ")) + ", which the token does not grant")
                .orElse("The token does not grant this operation");
    }
}
