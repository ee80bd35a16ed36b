package io.tally.domain.common;

import java.util.regex.Pattern;

/**
 * Event data a tenant marks as personal ({@code personal_dimensions}, such as a phone number or an e-mail address) is shown
 * masked everywhere but in a customer's access export: six dots and the value's last two characters ({@code ••••••89}), so
 * that a person on the phone can be told apart without the number being readable, and the length gives nothing away.
 */
public final class PersonalData {

    /** What stands for the hidden characters. */
    public static final String DOTS = "••••••";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private PersonalData() {
    }

    /** The value masked: {@code ••••••89}; a value of two characters or fewer is all dots; null stays null. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length <= 2) {
            return DOTS;
        }
        return DOTS + value.substring(value.offsetByCodePoints(0, length - 2));
    }

    /** A data name that may be marked personal: as event data names go (letters, digits, _ . -, starting with a letter or _). */
    public static String requireDimension(String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException(field, "'" + name + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a"
                    + " letter or '_')");
        }
        return name;
    }
}
