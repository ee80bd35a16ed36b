package io.tally.domain.query;

import io.tally.domain.analytics.RelativePeriod;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.usage.EventData;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a saved query's parameter holds: a customer's external id, a relative period ({@code last_7_days}, …), a
 * dimension's value (for a filter), or a number.
 */
public enum ParamType {
    CUSTOMER,
    PERIOD,
    DIMENSION_VALUE,
    NUMBER;

    /** The value, checked for this type (numbers as {@link BigDecimal}); fails naming {@code field}. */
    public Object check(Object value, String field) {
        switch (this) {
            case NUMBER -> {
                if (value instanceof BigDecimal number) {
                    return number;
                }
                if (value instanceof Number number) {
                    return new BigDecimal(number.toString());
                }
                throw new InvalidValueException(field, "must be a number");
            }
            case CUSTOMER -> {
                String text = text(value, field);
                String problem = CustomerId.problemWith(text);
                if (problem != null) {
                    throw new InvalidValueException(field, "is not a customer's external id: " + problem);
                }
                return text;
            }
            case PERIOD -> {
                String text = text(value, field);
                RelativePeriod.fromWireName(text, field);
                return text;
            }
            case DIMENSION_VALUE -> {
                String text = text(value, field);
                String problem = text.length() > EventData.MAX_VALUE_LENGTH ? "must be at most " + EventData.MAX_VALUE_LENGTH
                        + " characters" : Text.characterProblem(text);
                if (problem != null) {
                    throw new InvalidValueException(field, problem);
                }
                return text;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A value of this type to try a query with when it is saved, before anyone gives one. */
    public Object sample() {
        return switch (this) {
            case CUSTOMER -> "customer";
            case PERIOD -> RelativePeriod.LAST_30_DAYS.wireName();
            case DIMENSION_VALUE -> "value";
            case NUMBER -> BigDecimal.ONE;
        };
    }

    private static String text(Object value, String field) {
        if (!(value instanceof String text)) {
            throw new InvalidValueException(field, "must be a string");
        }
        return text;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ParamType fromWireName(String value, String field) {
        for (ParamType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new InvalidValueException(field, "must be one of " + Arrays.stream(values()).map(ParamType::wireName)
                .collect(Collectors.joining(", ")));
    }
}
