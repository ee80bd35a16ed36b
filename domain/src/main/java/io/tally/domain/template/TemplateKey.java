package io.tally.domain.template;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A report template's name in URLs: 1-64 lower-case letters, digits and '-', starting with a letter ({@code sales-overview}). */
public record TemplateKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public TemplateKey {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("key", "must be 1-64 lower-case letters, digits and '-', starting with a letter");
        }
    }

    public static TemplateKey of(String value) {
        return new TemplateKey(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
