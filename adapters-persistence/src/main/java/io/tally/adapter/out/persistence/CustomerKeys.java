package io.tally.adapter.out.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.customer.CustomerId;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps customers' external ids to the surrogate {@code customer_id} that events are stored with. The
 * mapping never changes while a customer exists, so it is cached; the cache is bounded and simply starts
 * over when full. An id read inside a transaction is cached only once that transaction commits: the
 * transaction may itself have created the customer, and a rollback must not leave its id behind.
 */
@Singleton
public final class CustomerKeys {

    static final int CAPACITY = 200_000;
    private static final String LOOKUP = "SELECT external_id, customer_id FROM customer WHERE tenant_id = ? AND external_id = ANY (?)";

    private final JdbcOperations jdbc;
    private final AfterCommit afterCommit;
    private final Map<Long, Map<String, Long>> ids = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    CustomerKeys(JdbcOperations jdbc, AfterCommit afterCommit) {
        this.jdbc = jdbc;
        this.afterCommit = afterCommit;
    }

    /** The surrogate ids of these customers, looking up those not cached; customers that do not exist are absent. */
    public Map<CustomerId, Long> idsOf(long tenantId, Collection<CustomerId> customers) {
        Map<CustomerId, Long> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (CustomerId customer : customers) {
            Long id = of(tenantId).get(customer.value());
            if (id == null) {
                missing.add(customer.value());
            } else {
                found.put(customer, id);
            }
        }
        if (!missing.isEmpty()) {
            jdbc.prepareStatement(LOOKUP, statement -> {
                statement.setLong(1, tenantId);
                statement.setArray(2, statement.getConnection().createArrayOf("text", missing.toArray()));
                Map<String, Long> read = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        read.put(rows.getString(1), rows.getLong(2));
                    }
                }
                read.forEach((externalId, id) -> found.put(CustomerId.of(externalId), id));
                afterCommit.run(() -> read.forEach((externalId, id) -> remember(tenantId, externalId, id)));
                return null;
            });
        }
        return found;
    }

    private void remember(long tenantId, String externalId, long customerId) {
        if (size.get() >= CAPACITY) {
            ids.clear();
            size.set(0);
        }
        if (of(tenantId).put(externalId, customerId) == null) {
            size.incrementAndGet();
        }
    }

    /** Drops a customer whose external id changed (erasure gives it a tombstone), once the change commits. */
    public void forget(long tenantId, CustomerId customer) {
        afterCommit.run(() -> {
            if (of(tenantId).remove(customer.value()) != null) {
                size.decrementAndGet();
            }
        });
    }

    boolean isKnown(long tenantId, CustomerId customer) {
        return of(tenantId).containsKey(customer.value());
    }

    private Map<String, Long> of(long tenantId) {
        return ids.computeIfAbsent(tenantId, id -> new ConcurrentHashMap<>());
    }
}
