package io.tally.adapter.in.http.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a value that could not be read (a query parameter that is not a number, a JSON body with an
 * unknown or mistyped field) into a field error in the client's own terms: the snake_case field name and
 * what it must be, never a Java type or parser token name.
 */
final class ConversionErrors {

    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Unknown property \\[([^\\]]+)\\]");
    private static final Pattern BAD_PROPERTY = Pattern.compile("Error decoding property \\[(\\S+) (\\w+)\\]");
    private static final Pattern EXPECTED_TOKEN = Pattern.compile("expected (START_OBJECT|START_ARRAY|VALUE_STRING|VALUE_NUMBER_INT|VALUE_NUMBER_FLOAT|VALUE_TRUE|VALUE_FALSE)");
    private static final Set<String> WHOLE_NUMBERS = Set.of("int", "Integer", "long", "Long", "short", "Short");
    private static final Set<String> NUMBERS = Set.of("double", "Double", "float", "Float", "BigDecimal");
    private static final Set<String> INSTANTS = Set.of(Instant.class.getSimpleName(), OffsetDateTime.class.getSimpleName(),
            ZonedDateTime.class.getSimpleName());

    private ConversionErrors() {
    }

    static Problem.FieldError describe(ConversionErrorException exception) {
        Argument<?> argument = exception.getArgument();
        boolean body = argument.getAnnotationMetadata().hasAnnotation(Body.class);
        Throwable cause = exception.getConversionError().getCause();
        String text = cause == null || cause.getMessage() == null ? "" : cause.getMessage();

        Matcher unknown = UNKNOWN_PROPERTY.matcher(text);
        if (unknown.find()) {
            return new Problem.FieldError(unknown.group(1), "is not a field of this request");
        }
        Matcher property = BAD_PROPERTY.matcher(text);
        if (property.find()) {
            return new Problem.FieldError(FieldNames.snake(property.group(2)), mustBe(property.group(1)));
        }
        String field = body ? "body" : FieldNames.snake(argument.getName());
        Matcher expected = EXPECTED_TOKEN.matcher(text);
        if (expected.find()) {
            return new Problem.FieldError(field, (body ? "a value must be " : "must be ") + token(expected.group(1)));
        }
        return new Problem.FieldError(field, mustBe(argument.getType().getSimpleName()));
    }

    /** A required parameter or body that the request lacks. */
    static Problem.FieldError describeMissing(UnsatisfiedRouteException exception) {
        Argument<?> argument = exception.getArgument();
        return argument.getAnnotationMetadata().hasAnnotation(Body.class)
                ? new Problem.FieldError("body", "a JSON request body is required")
                : new Problem.FieldError(FieldNames.snake(argument.getName()), "is required");
    }

    private static String mustBe(String type) {
        if (WHOLE_NUMBERS.contains(type)) {
            return "must be a whole number";
        }
        if (NUMBERS.contains(type)) {
            return "must be a number";
        }
        if (INSTANTS.contains(type)) {
            return "must be an RFC 3339 date-time with an offset, such as 2026-03-01T09:00:00Z";
        }
        if (LocalDate.class.getSimpleName().equals(type)) {
            return "must be a date, YYYY-MM-DD";
        }
        if ("boolean".equals(type) || "Boolean".equals(type)) {
            return "must be true or false";
        }
        if ("String".equals(type)) {
            return "must be a string";
        }
        return "has the wrong type";
    }

    private static String token(String token) {
        return switch (token) {
            case "START_OBJECT" -> "a JSON object";
            case "START_ARRAY" -> "a JSON array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT" -> "a whole number";
            case "VALUE_NUMBER_FLOAT" -> "a number";
            default -> "true or false";
        };
    }
}
