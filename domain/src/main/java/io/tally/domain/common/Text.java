package io.tally.domain.common;

/** Checks shared by the value objects that hold free text. */
public final class Text {

    private Text() {
    }

    /**
     * What is wrong with the characters of a text that names or labels something, or null: control
     * characters, or a surrogate without its pair (not Unicode at all: it could not be stored as UTF-8, and
     * two different such texts would be stored alike).
     */
    public static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it holds an unpaired surrogate)";
            }
        }
        return null;
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
        String characters = characterProblem(value);
        if (characters != null) {
            return characters;
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            return "must be at most " + maxLength + " characters";
        }
        return null;
    }

    /**
     * What is wrong with the text as an identifier that appears in URLs (a customer's external id, a
     * subscription's id), or null: 1 to {@code maxLength} characters, no control characters, no '/', no
     * leading or trailing white space.
     */
    public static String identifierProblem(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            return "must be at most " + maxLength + " characters";
        }
        String characters = characterProblem(value);
        if (characters != null) {
            return characters;
        }
        if (value.indexOf('/') >= 0) {
            return "must not contain '/'";
        }
        if (!value.strip().equals(value)) {
            return "must not start or end with white space";
        }
        return null;
    }
}
