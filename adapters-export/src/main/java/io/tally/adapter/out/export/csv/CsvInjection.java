package io.tally.adapter.out.export.csv;

/**
 * Keeps spreadsheet tools from running a CSV field as a formula ("CSV injection", OWASP).
 *
 * <p>The rule: a <em>text</em> value whose first character is one of {@code =}, {@code +}, {@code -},
 * {@code @}, tab (U+0009), carriage return (U+000D), line feed (U+000A), or the full-width forms
 * {@code ＝} (U+FF1D), {@code ＋} (U+FF0B), {@code －} (U+FF0D), {@code ＠} (U+FF20) (which some
 * spreadsheets fold to their ASCII forms) gets a single quote {@code '} in front, so the tool shows it as
 * text. The value is otherwise unchanged, and CSV quoting is applied afterwards as usual.
 *
 * <p>It applies to text cells and to every text the renderer writes itself (headings, column names,
 * labels, notes), never to numeric cells: a number or an amount is written as a plain number
 * ({@code -5} stays {@code -5}), which no spreadsheet reads as a formula.
 */
public final class CsvInjection {

    private CsvInjection() {
    }

    /** {@code value} with a leading {@code '} when its first character could start a formula; else {@code value} itself. */
    public static String neutralise(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return startsFormula(value.charAt(0)) ? "'" + value : value;
    }

    /** Whether {@link #neutralise} puts a {@code '} in front of {@code value}. */
    public static boolean startsFormula(String value) {
        return !value.isEmpty() && startsFormula(value.charAt(0));
    }

    private static boolean startsFormula(char first) {
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' -> true;
            default -> false;
        };
    }
}
