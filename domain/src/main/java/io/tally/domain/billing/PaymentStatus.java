package io.tally.domain.billing;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** Whether a payment went through. A payment that succeeded stays succeeded: a failed attempt sent later does not undo it. */
public enum PaymentStatus {
    FAILED, SUCCEEDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWireName(String name) {
        for (PaymentStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new InvalidValueException("status", "must be one of succeeded, failed");
    }
}
