package io.tally.domain.common;

/** Checks shared by the value objects that hold free text. */
public final class Text {

    private Text() {
    }

    /** True when the text holds a control character (C0, DEL or C1), which no identifier or label may carry. */
    public static boolean hasControlCharacter(String value) {
        return value.codePoints().anyMatch(Character::isISOControl);
    }

    /**
     * Checks a required label: not blank, no control characters, at most {@code maxLength} characters
     * (counted as Unicode code points, so 王小明 is 3).
     */
    public static String requireLabel(String value, String what, int maxLength) {
        String problem = labelProblem(value, maxLength);
        if (problem != null) {
            throw new InvalidValueException(what + " " + problem);
        }
        return value;
    }

    /** What is wrong with the text as a label ("must not be blank", …), or null when nothing is. */
    public static String labelProblem(String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        if (hasControlCharacter(value)) {
            return "must not contain control characters";
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            return "must be at most " + maxLength + " characters";
        }
        return null;
    }
}
