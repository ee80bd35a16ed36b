package io.tally.application.port.out.delivery;

import java.net.URI;
import java.util.Map;

/** Posts signed webhooks (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}). */
public interface WebhookSenderPort {

    /**
     * Fails with an invalid value of {@code url} when the target may not be called: it resolves to a private, loopback or
     * link-local address and the operator did not allow those, or it does not resolve.
     */
    void checkTarget(URI url);

    /**
     * POSTs {@code payload} as JSON to {@code url}, signed with the tenant's {@code secret} ({@code whsec_…}) under
     * {@code id}; a 2xx within the timeout is success. Never throws for a failure, it answers the outcome.
     */
    DeliveryOutcome post(URI url, String id, String secret, Map<String, Object> payload);
}
