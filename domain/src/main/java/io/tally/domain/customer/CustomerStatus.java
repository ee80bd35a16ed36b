package io.tally.domain.customer;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a customer's account stands in the tenant's product. */
public enum CustomerStatus {
    ACTIVE,
    SUSPENDED,
    CLOSED;

    /** The name used on the wire and in the database: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CustomerStatus fromWireName(String value) {
        for (CustomerStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new InvalidValueException("'" + value + "' is not a customer status; use one of " + wireNames());
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(CustomerStatus::wireName).collect(Collectors.joining(", "));
    }
}
