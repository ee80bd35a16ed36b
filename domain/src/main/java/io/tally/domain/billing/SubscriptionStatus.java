package io.tally.domain.billing;

import io.tally.domain.common.InvalidValueException;
import java.util.Locale;

/** A subscription's state as the billing system reports it. */
public enum SubscriptionStatus {
    TRIALING, ACTIVE, PAST_DUE, CANCELED, ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionStatus fromWireName(String name) {
        for (SubscriptionStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new InvalidValueException("status", "must be one of trialing, active, past_due, canceled, ended");
    }
}
