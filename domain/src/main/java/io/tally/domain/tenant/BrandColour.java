package io.tally.domain.tenant;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The colour of a tenant's report header band, as {@code #RRGGBB}; kept in upper case. */
public record BrandColour(String value) {

    private static final Pattern FORMAT = Pattern.compile("#[0-9A-Fa-f]{6}");

    /** Tally's own violet, used until a tenant chooses its colour. */
    public static final BrandColour DEFAULT = new BrandColour("#6D28D9");

    public BrandColour {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("'" + value + "' is not a colour of the form #RRGGBB");
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    public static BrandColour of(String value) {
        return new BrandColour(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    public int red() {
        return Integer.parseInt(value.substring(1, 3), 16);
    }

    public int green() {
        return Integer.parseInt(value.substring(3, 5), 16);
    }

    public int blue() {
        return Integer.parseInt(value.substring(5, 7), 16);
    }

    @Override
    public String toString() {
        return value;
    }
}
