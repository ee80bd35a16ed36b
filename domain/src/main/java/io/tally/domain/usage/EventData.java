package io.tally.domain.usage;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An event's {@code data}: string values are dimensions (what to group and filter by: {@code outcome},
 * {@code agent}, {@code format}), numbers are measures (what to add up: {@code duration_s}, {@code cost},
 * {@code bytes}). Kept sorted by name, so equal data has one canonical form.
 *
 * <p>Rules: at most {@value #MAX_ENTRIES} entries; names are 1-64 letters, digits, '_', '.' or '-',
 * starting with a letter or '_'; a name is either a dimension or a measure; dimension values are at most
 * {@value #MAX_VALUE_LENGTH} characters without control characters; measures have at most 38 significant
 * digits, at most 18 of them after the point, and are below 10^56 in size (so 1e999999999 is refused rather
 * than written out). Money is a measure named {@code cost}, {@code amount}, {@code price} or {@code revenue} and
 * needs a {@code currency} dimension holding an ISO 4217 code; a {@code currency} dimension is always
 * checked to be one.
 */
public record EventData(Map<String, String> dimensions, Map<String, BigDecimal> measures) {

    public static final int MAX_ENTRIES = 64;
    public static final int MAX_VALUE_LENGTH = 1024;
    public static final String CURRENCY = "currency";
    public static final Set<String> MONEY_MEASURES = Set.of("cost", "amount", "price", "revenue");
    private static final int MAX_PRECISION = 38;
    private static final int MAX_SCALE = 18;
    private static final int MAX_INTEGER_DIGITS = 56;

    public EventData {
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(measures, "measures");
        if (dimensions.size() + measures.size() > MAX_ENTRIES) {
            throw new InvalidValueException("data", "must have at most " + MAX_ENTRIES + " entries");
        }
        for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
            requireName(dimension.getKey());
            String value = dimension.getValue();
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidValueException("data." + dimension.getKey(), "must be a string of at most " + MAX_VALUE_LENGTH + " characters");
            }
            String characters = Text.characterProblem(value);
            if (characters != null) {
                throw new InvalidValueException("data." + dimension.getKey(), characters);
            }
        }
        for (Map.Entry<String, BigDecimal> measure : measures.entrySet()) {
            String name = measure.getKey();
            requireName(name);
            if (dimensions.containsKey(name)) {
                throw new InvalidValueException("data." + name, "is given twice");
            }
            // Judged by value, not by how it was written: 1.5000 is 1.5, 1E+20 has 21 integer digits. In long
            // arithmetic, since a scale can be any int (1E+2147483647).
            BigDecimal value = measure.getValue() == null ? null : measure.getValue().stripTrailingZeros();
            if (value == null || value.precision() > MAX_PRECISION || value.scale() > MAX_SCALE
                    || (long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
                throw new InvalidValueException("data." + name, "must be a number with at most " + MAX_PRECISION
                        + " significant digits and " + MAX_SCALE + " decimals, below 10^56");
            }
        }
        String currency = dimensions.get(CURRENCY);
        if (currency != null && !CurrencyCode.isValid(currency)) {
            throw new InvalidValueException("data.currency", "'" + currency + "' is not an ISO 4217 currency code (for example USD or EUR)");
        }
        if (currency == null) {
            for (String money : MONEY_MEASURES) {
                if (measures.containsKey(money)) {
                    throw new InvalidValueException("data." + money, "is money and needs a currency in data.currency (for example \"USD\")");
                }
            }
        }
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
        measures = Collections.unmodifiableSortedMap(new TreeMap<>(measures));
    }

    /** Data from any maps; they are copied, sorted by name. */
    public static EventData of(Map<String, String> dimensions, Map<String, BigDecimal> measures) {
        return new EventData(dimensions, measures);
    }

    public static EventData empty() {
        return of(Map.of(), Map.of());
    }

    private static void requireName(String name) {
        if (!isName(name)) {
            throw new InvalidValueException("data",
                    "'" + name + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a letter or '_')");
        }
    }

    /**
     * The data as one canonical JSON object: dimensions, then measures, each in name order, numbers without
     * trailing zeros (1.50 is written 1.5). Equal data has equal text, so it serves both to fingerprint an
     * event and to store it.
     */
    public String canonicalJson() {
        StringBuilder json = new StringBuilder(32 + 24 * (dimensions.size() + measures.size())).append('{');
        for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
            quote(json.length() > 1 ? json.append(',') : json, dimension.getKey()).append(':');
            quote(json, dimension.getValue());
        }
        for (Map.Entry<String, BigDecimal> measure : measures.entrySet()) {
            BigDecimal value = measure.getValue();
            quote(json.length() > 1 ? json.append(',') : json, measure.getKey()).append(':')
                    .append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        }
        return json.append('}').toString();
    }

    /** Names are plain; values hold no control characters (checked above), so only '"' and '\\' need escaping. */
    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        return json.append('"');
    }

    /** 1-64 letters, digits, '_', '.' or '-', starting with a letter or '_' (checked by hand: this runs per event). */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || !(isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
