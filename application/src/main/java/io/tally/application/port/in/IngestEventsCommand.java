package io.tally.application.port.in;

import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.List;
import java.util.Objects;

/** A batch of 1 to {@value #MAX_EVENTS} submitted events, in the order sent. */
public record IngestEventsCommand(Actor actor, List<EventSubmission> events) {

    public static final int MAX_EVENTS = 1000;

    public IngestEventsCommand {
        Objects.requireNonNull(actor, "actor");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new InvalidValueException("body", "must hold at least one event");
        }
        if (events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("a batch holds at most " + MAX_EVENTS + " events; the transport must refuse larger ones");
        }
    }
}
