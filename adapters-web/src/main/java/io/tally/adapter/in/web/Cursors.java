package io.tally.adapter.in.web;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Rfc3339;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque list cursors: the sort key of the last item of a page, base64url-encoded behind a version tag, so
 * clients pass them back unchanged and the format can evolve.
 */
public final class Cursors {

    private static final String VERSION = "v1:";

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + key).getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor after this event: its time, source and id (neither may hold a control character, so LF separates them). */
    public static String encode(EventCursor cursor) {
        return encode(cursor.time() + "\n" + cursor.key().source() + "\n" + cursor.key().id());
    }

    public static Optional<EventCursor> decodeEventCursor(String cursor) {
        return decode(cursor).map(text -> {
            String[] parts = text.split("\n", 3);
            if (parts.length != 3) {
                throw invalid();
            }
            Instant time = Rfc3339.parse(parts[0]);
            if (time == null) {
                throw invalid();
            }
            try {
                return new EventCursor(time, new EventKey(parts[1], parts[2]));
            } catch (InvalidValueException e) {
                throw invalid();
            }
        });
    }

    public static Optional<CustomerId> decodeCustomerId(String cursor) {
        return decode(cursor).map(key -> {
            if (CustomerId.problemWith(key) != null) {
                throw invalid();
            }
            return CustomerId.of(key);
        });
    }

    /** The position after an item created at an instant with an id (saved queries, dashboards: oldest first). */
    public record Created(Instant at, UUID id) {
    }

    /** A cursor after the item created at {@code at} with {@code id}. */
    public static String encodeCreated(Instant at, UUID id) {
        return encode(at + "\n" + id);
    }

    public static Optional<Created> decodeCreated(String cursor) {
        return decode(cursor).map(text -> {
            String[] parts = text.split("\n", 2);
            Instant at = parts.length == 2 ? Rfc3339.parse(parts[0]) : null;
            if (at == null) {
                throw invalid();
            }
            try {
                return new Created(at, UUID.fromString(parts[1]));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        });
    }

    /** A cursor of a list of versions, newest first: after (below) this version. */
    public static String encodeVersion(int version) {
        return encode(Integer.toString(version));
    }

    public static Optional<Integer> decodeVersion(String cursor) {
        return decode(cursor).map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw invalid();
            }
        });
    }

    /** The key a cursor of {@link #encode(String)} carries; empty for no cursor. */
    public static Optional<String> decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(VERSION)) {
            throw invalid();
        }
        return Optional.of(text.substring(VERSION.length()));
    }

    private static InvalidValueException invalid() {
        return new InvalidValueException("cursor", "is not a cursor this list returned; pass next_cursor back unchanged");
    }
}
