package io.tally.application.port.in.delivery;

/** Creates or replaces the tenant's webhook signing secret (owner) and answers it, once. */
public interface RotateWebhookSecretUseCase {

    String rotateWebhookSecret(RotateWebhookSecretCommand command);
}
