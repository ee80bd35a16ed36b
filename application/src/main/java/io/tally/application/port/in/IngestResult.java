package io.tally.application.port.in;

import io.tally.domain.usage.IngestOutcome;
import java.util.List;
import java.util.Objects;

/** The outcome of every submitted item, in submission order. */
public record IngestResult(List<Item> items) {

    public IngestResult {
        items = List.copyOf(items);
    }

    /** One item's outcome; {@code id} is what was sent (null if none), {@code reason} says why it was rejected or conflicts. */
    public record Item(int index, String id, IngestOutcome outcome, String reason) {

        public Item {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    public long count(IngestOutcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }

    /** True when every item is stored: accepted now or already before. */
    public boolean allStored() {
        return items.stream().allMatch(item -> item.outcome().isSuccess());
    }
}
