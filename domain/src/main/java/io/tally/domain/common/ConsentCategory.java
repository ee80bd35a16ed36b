package io.tally.domain.common;

import java.util.regex.Pattern;

/**
 * A consent category's name: lower-case letters, digits and underscores, starting with a letter, at most 50 characters
 * ({@code analytics}, {@code marketing}). Here because both the tenant's settings and consent records name them.
 */
public final class ConsentCategory {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,49}");

    private ConsentCategory() {
    }

    /** The name, when it is one; else a problem of {@code field}. */
    public static String require(String category, String field) {
        if (category == null || !NAME.matcher(category).matches()) {
            throw new InvalidValueException(field, "'" + category + "' is not a consent category: lower-case letters, digits and _,"
                    + " starting with a letter, such as analytics");
        }
        return category;
    }
}
