package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.Tombstone;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each tenant's erasure key ({@code tenant.erasure_key}, V17): 32 random bytes made at the tenant's first erasure, never
 * changed after, so cached once read. A tenant without one has erased nobody.
 */
@Singleton
class ErasureKeys {

    private static final int KEY_BYTES = 32;

    private final JdbcOperations jdbc;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, byte[]> keys = new ConcurrentHashMap<>();

    ErasureKeys(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's key, if it has one; {@code stored} is the key read with the caller's own query (null: none), to spare a round trip. */
    Optional<byte[]> known(long tenantId, byte[] stored) {
        byte[] key = keys.get(tenantId);
        if (key == null && stored != null) {
            keys.put(tenantId, stored);
            key = stored;
        }
        return Optional.ofNullable(key);
    }

    /**
     * The tenant's key, made now if it has none, in the current transaction (a concurrent maker's key wins; it is cached
     * only when read by {@link #known}, so a rolled-back key is never used).
     */
    byte[] ensure(long tenantId) {
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        byte[] key = jdbc.prepareStatement("UPDATE tenant SET erasure_key = coalesce(erasure_key, ?) WHERE tenant_id = ? RETURNING erasure_key",
                statement -> {
                    statement.setBytes(1, fresh);
                    statement.setLong(2, tenantId);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getBytes(1);
                    }
                });
        return key;
    }

    /** The tombstone of {@code id}: HMAC-SHA256 of its UTF-8 bytes under the tenant's key, as {@link Tombstone} writes it. */
    static CustomerId tombstone(byte[] key, CustomerId id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Tombstone.of(mac.doFinal(id.value().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
