package io.tally.domain.usage;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
public record EventData(SortedMap<String, String> dimensions, SortedMap<String, BigDecimal> measures) {

    public static final int MAX_ENTRIES = 64;
    public static final int MAX_VALUE_LENGTH = 1024;
    public static final String CURRENCY = "currency";
    public static final Set<String> MONEY_MEASURES = Set.of("cost", "amount", "price", "revenue");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
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
            if (value == null || value.length() > MAX_VALUE_LENGTH || Text.hasControlCharacter(value)) {
                throw new InvalidValueException("data." + dimension.getKey(),
                        "must be a string of at most " + MAX_VALUE_LENGTH + " characters without control characters");
            }
        }
        for (Map.Entry<String, BigDecimal> measure : measures.entrySet()) {
            String name = measure.getKey();
            requireName(name);
            if (dimensions.containsKey(name)) {
                throw new InvalidValueException("data." + name, "is given twice");
            }
            BigDecimal value = measure.getValue();
            if (value == null || value.precision() > MAX_PRECISION || value.scale() > MAX_SCALE
                    || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
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

    public static EventData of(Map<String, String> dimensions, Map<String, BigDecimal> measures) {
        return new EventData(new TreeMap<>(dimensions), new TreeMap<>(measures));
    }

    public static EventData empty() {
        return of(Map.of(), Map.of());
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("data",
                    "'" + name + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a letter or '_')");
        }
    }

    /** The same data in one canonical text: names in order, numbers without trailing zeros (1.50 is 1.5). */
    String canonical() {
        StringBuilder text = new StringBuilder();
        dimensions.forEach((name, value) -> text.append('d').append(name).append('\u0000').append(value).append('\u0000'));
        measures.forEach((name, value) -> text.append('m').append(name).append('\u0000')
                .append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString()).append('\u0000'));
        return text.toString();
    }
}
