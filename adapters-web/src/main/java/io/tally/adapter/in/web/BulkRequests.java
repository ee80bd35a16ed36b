package io.tally.adapter.in.web;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the admin bulk actions' endpoints (usage resets, customer changes) read alike: the {@code Idempotency-Key}
 * header, the {@code customer_ids}, a record's id in the path or cursor, and the hash that tells whether a request
 * with a used key is the same request.
 */
public final class BulkRequests {

    private BulkRequests() {
    }

    /** The header's value; 400 naming the header when it is missing. */
    public static String idempotencyKey(String header) {
        if (header == null) {
            throw new InvalidValueException("Idempotency-Key", "the header is required: a key of your choosing, the same when you retry");
        }
        return header;
    }

    /** The ids given, each checked (400 naming {@code customer_ids[i]}); empty when the field is absent. */
    public static Optional<List<CustomerId>> customerIds(List<String> given) {
        if (given == null) {
            return Optional.empty();
        }
        List<CustomerId> ids = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            try {
                ids.add(CustomerId.of(given.get(i)));
            } catch (InvalidValueException e) {
                throw e.forField("customer_ids[" + i + "]");
            } catch (NullPointerException e) {
                throw new InvalidValueException("customer_ids[" + i + "]", "must be a customer id, not null");
            }
        }
        return Optional.of(ids);
    }

    /** A record's id (a UUID) in a path or a cursor; 400 naming {@code field} otherwise. */
    public static UUID id(String text, String field, String noun) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a " + noun + " id (a UUID)");
        }
    }

    /**
     * SHA-256 (hex) of a request's content in a fixed form: one {@code name=value} line per field, in the order given,
     * so that the same request always hashes the same.
     */
    public static String hash(List<Field> fields) {
        StringBuilder canonical = new StringBuilder();
        for (Field field : fields) {
            if (!canonical.isEmpty()) {
                canonical.append('\n');
            }
            canonical.append(field.name()).append('=').append(field.value());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A field of the hashed form: its value as given ("-" when absent), a list's items joined by NUL. */
    public record Field(String name, String value) {

        public static Field of(String name, Object value) {
            return new Field(name, value == null ? "-" : value.toString());
        }

        public static Field list(String name, List<String> values) {
            return new Field(name, values == null ? "-" : String.join("\u0000", values));
        }
    }
}
