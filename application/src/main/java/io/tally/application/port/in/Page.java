package io.tally.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a list in a stable order; {@code hasMore} tells whether a next page exists after the last item. */
public record Page<T>(List<T> items, boolean hasMore) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** The item the next page starts after, when there is a next page. */
    public Optional<T> continueAfter() {
        return hasMore && !items.isEmpty() ? Optional.of(items.getLast()) : Optional.empty();
    }

    /** Builds a page from up to {@code limit + 1} rows fetched in order: the extra row only tells that more exist. */
    public static <T> Page<T> fromLookahead(List<T> rows, int limit) {
        return rows.size() > limit ? new Page<>(rows.subList(0, limit), true) : new Page<>(rows, false);
    }
}
