package io.tally.domain.privacy;

import io.tally.domain.customer.CustomerId;
import java.util.Locale;
import java.util.Objects;

/**
 * What an erased customer is known by from then on: {@value #PREFIX} and the first 128 bits of a keyed hash of the
 * external id (HMAC-SHA256 under the tenant's erasure key, computed where the key is kept), in lower-case base 32. The
 * same id always gives the same tombstone, so an event that names the erased id again is recognised; the id itself can't
 * be read back without the key (and guessing it means trying candidate ids one by one with the key).
 */
public final class Tombstone {

    public static final String PREFIX = "erased-";
    /** How many bytes of the hash the tombstone keeps. */
    public static final int HASH_BYTES = 16;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Tombstone() {
    }

    /** The tombstone of an id whose keyed hash is {@code hash} (at least {@value #HASH_BYTES} bytes). */
    public static CustomerId of(byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        if (hash.length < HASH_BYTES) {
            throw new IllegalArgumentException("a tombstone keeps " + HASH_BYTES + " bytes of a hash");
        }
        return CustomerId.of(PREFIX + base32(hash, HASH_BYTES));
    }

    /** Whether an external id is a tombstone's form (an erased customer's). */
    public static boolean isTombstone(CustomerId id) {
        String value = id.value();
        return value.startsWith(PREFIX) && value.length() == PREFIX.length() + 26
                && value.substring(PREFIX.length()).chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'));
    }

    /** The first {@code bytes} bytes of {@code hash} in base 32 (RFC 4648) without padding, lower case. */
    private static String base32(byte[] hash, int bytes) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < bytes; i++) {
            buffer = (buffer << 8) | (hash[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
