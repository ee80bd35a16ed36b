package io.tally.domain.analytics;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventType;
import java.util.Objects;

/**
 * What each event of a meter belongs to: its <em>item</em>, the first event (by time, then source, then id) of
 * {@code itemType} of the same customer whose {@code on} dimension has the event's value of it, whenever that was.
 * An engagement with a post belongs to the post's {@code content.published} event (on {@code content_id}); a refund
 * to its order's {@code order.placed} (on {@code order_id}); an order, joined to its own type on {@code buyer}, to
 * the buyer's first order.
 *
 * <p>The item's dimensions count as the event's own where the event lacks them (so refunds can be grouped by their
 * order's {@code vendor}), and the time-part dimensions ({@link DerivedDimension}) are the item's time. An event
 * without the dimension, or whose item is not found, has no item: its joined and time-part dimensions are missing.
 */
public record ItemJoin(EventType itemType, String on) {

    public ItemJoin {
        Objects.requireNonNull(itemType, "itemType");
        if (!EventData.isName(on)) {
            throw new InvalidValueException("join.on", "'" + on + "' is not a data name (1-64 letters, digits, '_', '.' or '-', starting with a letter or '_')");
        }
    }

    public static ItemJoin of(String itemType, String on) {
        return new ItemJoin(EventType.of(itemType), on);
    }
}
