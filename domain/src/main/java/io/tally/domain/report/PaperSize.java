package io.tally.domain.report;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;
import java.util.Set;

/** The page size of a PDF: A4, or US Letter where that is the custom. */
public enum PaperSize {
    A4("a4"),
    LETTER("letter");

    /** Countries whose offices use US Letter (ISO 3166-1 alpha-2); everywhere else uses A4. */
    private static final Set<String> LETTER_COUNTRIES = Set.of("US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR", "DO", "SV",
            "NI", "PA", "BZ");

    private final String wireName;

    PaperSize(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The paper a locale's country uses: Letter for the Americas that use it, else A4 (also without a country). */
    public static PaperSize forLocale(Locale locale) {
        return LETTER_COUNTRIES.contains(locale.getCountry().toUpperCase(Locale.ROOT)) ? LETTER : A4;
    }

    public static PaperSize fromWireName(String name, String field) {
        for (PaperSize size : values()) {
            if (size.wireName.equalsIgnoreCase(name)) {
                return size;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a paper size; one of a4, letter");
    }
}
