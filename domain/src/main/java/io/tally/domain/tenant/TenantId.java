package io.tally.domain.tenant;

import io.tally.domain.common.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant's identifier, as carried in the {@code tenant} claim of every token: 1 to 64 characters of
 * letters, digits, '.', '_', ':' and '-', starting with a letter or digit.
 */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public TenantId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("'" + value + "' is not a valid tenant id (1-64 letters, digits, '.', '_', ':' or '-')");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
