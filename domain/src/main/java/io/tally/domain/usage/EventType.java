package io.tally.domain.usage;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What happened, such as {@code api.call}, {@code call}, {@code session}, {@code transcription},
 * {@code export.generated} or {@code storage.snapshot}: 1 to 128 letters, digits, '.', '_', '-', ':' or '/',
 * starting with a letter or digit.
 */
public record EventType(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public static final EventType API_CALL = new EventType("api.call");
    public static final EventType EXPORT_GENERATED = new EventType("export.generated");

    public EventType {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("type", "must be 1-128 letters, digits, '.', '_', '-', ':' or '/', starting with a letter or digit");
        }
    }

    public static EventType of(String value) {
        return new EventType(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
