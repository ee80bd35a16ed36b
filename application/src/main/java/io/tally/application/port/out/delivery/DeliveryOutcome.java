package io.tally.application.port.out.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * How an outbound call went: success, what the other side answered (an SMTP reply such as {@code 250 OK}, or an HTTP
 * status), the error in words, and whether trying again cannot help (a refused target).
 */
public record DeliveryOutcome(boolean succeeded, Optional<String> reply, Optional<String> error, boolean permanent) {

    public DeliveryOutcome {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(error, "error");
    }

    public static DeliveryOutcome success(String reply) {
        return new DeliveryOutcome(true, Optional.ofNullable(reply), Optional.empty(), false);
    }

    public static DeliveryOutcome failure(String reply, String error) {
        return new DeliveryOutcome(false, Optional.ofNullable(reply), Optional.of(error), false);
    }

    public static DeliveryOutcome refused(String error) {
        return new DeliveryOutcome(false, Optional.empty(), Optional.of(error), true);
    }
}
