package io.tally.application.port.in.billing;

import io.tally.domain.billing.SubscriptionVersion;

/**
 * Keeps a subscription version. Idempotent by (subscription, effective time): the same version again changes
 * nothing, another version with the same effective time is a conflict, and an older version arriving after a
 * newer one is kept as history without overriding it.
 */
public interface RecordSubscriptionUseCase {

    SubscriptionRecorded recordSubscription(RecordSubscriptionCommand command);

    /**
     * @param version the version as stored
     * @param created whether it was new
     * @param latest whether it is the subscription's newest version (an out-of-order replay is not)
     */
    record SubscriptionRecorded(SubscriptionVersion version, boolean created, boolean latest) {
    }
}
