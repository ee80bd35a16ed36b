package io.tally.domain.privacy;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lawful bases of processing of GDPR Art. 6(1), (a) to (f). */
public enum LegalBasis {
    CONSENT, CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS, PUBLIC_TASK, LEGITIMATE_INTERESTS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LegalBasis fromWireName(String name, String field) {
        for (LegalBasis basis : values()) {
            if (basis.wireName().equals(name)) {
                return basis;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a legal basis of GDPR Art. 6(1); they are "
                + Arrays.stream(values()).map(LegalBasis::wireName).collect(Collectors.joining(", ")));
    }
}
