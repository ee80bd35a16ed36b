package io.tally.application.port.in.alert.admin;

import io.tally.domain.alert.AlertEvent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One rule evaluated on request: the events it made (transitions), or why it could not be evaluated. */
public record AlertCheck(UUID rule, String name, List<AlertEvent> events, Optional<String> error) {
    public AlertCheck {
        events = List.copyOf(events);
    }
}
