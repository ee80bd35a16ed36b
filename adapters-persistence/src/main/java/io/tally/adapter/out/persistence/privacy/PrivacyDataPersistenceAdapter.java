package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.DataWatermarks;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.analytics.UsageRollupFolder;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Privacy on PostgreSQL. A change of a customer's processing (restriction, its lifting, erasure) takes the tenant's
 * advisory lock exclusively for its status change and the rollup delta that goes with it; every ingestion batch takes it
 * shared before it reads the states of its customers. So a batch either committed before the change (its events are in
 * the delta) or reads the new state (a restricted customer's events are stored without rollup deltas, an erased one's
 * refused): no event is counted twice or left counted.
 */
@Connectable
@Singleton
class PrivacyDataPersistenceAdapter implements PrivacyDataPort {

    /** The first key of the advisory lock (the second is the tenant): "privacy" in a number. */
    private static final int LOCK_SPACE = 7_717_017;
    private static final String LOCK_SHARED = "SELECT pg_advisory_xact_lock_shared(?, (? % 2147483647)::int)";
    private static final String LOCK_EXCLUSIVE = "SELECT pg_advisory_xact_lock(?, (? % 2147483647)::int)";
    private static final String STATES = """
            SELECT (SELECT erasure_key FROM tenant WHERE tenant_id = ?),
                   ARRAY(SELECT external_id FROM customer WHERE tenant_id = ? AND external_id = ANY (?) AND restricted_at IS NOT NULL)""";
    private static final String CUSTOMER = """
            SELECT customer_id, display_name, restricted_at, restricted_by, lifted_by, erased_at FROM customer
             WHERE tenant_id = ? AND external_id = ? FOR UPDATE""";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final CustomerKeys customerKeys;
    private final DataWatermarks watermarks;
    private final UsageRollupFolder folder;
    private final ErasureKeys keys;
    private final RollupCorrections rollups;
    private final ErasureSweep sweep;

    PrivacyDataPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, CustomerKeys customerKeys,
                                  DataWatermarks watermarks, UsageRollupFolder folder, ErasureKeys keys, RollupCorrections rollups, ErasureSweep sweep) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.customerKeys = customerKeys;
        this.watermarks = watermarks;
        this.folder = folder;
        this.keys = keys;
        this.rollups = rollups;
        this.sweep = sweep;
    }

    private record Row(long id, Optional<String> displayName, Optional<Instant> restrictedAt, Optional<UUID> restrictedBy, Optional<UUID> liftedBy,
                       Optional<Instant> erasedAt) {
    }

    @Override
    public SubjectStates subjectStates(TenantId tenant, Set<CustomerId> subjects) {
        long tenantId = tenants.require(tenant);
        lock(LOCK_SHARED, tenantId);
        String[] ids = subjects.stream().map(CustomerId::value).toArray(String[]::new);
        Set<CustomerId> restricted = new HashSet<>();
        byte[] stored = jdbc.prepareStatement(STATES, statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, tenantId);
            statement.setArray(3, statement.getConnection().createArrayOf("text", ids));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                for (String id : (String[]) rows.getArray(2).getArray()) {
                    restricted.add(CustomerId.of(id));
                }
                return rows.getBytes(1);
            }
        });
        Optional<byte[]> key = keys.known(tenantId, stored);
        if (key.isEmpty()) {
            return new SubjectStates(Set.of(), restricted);
        }
        Map<String, CustomerId> byTombstone = new HashMap<>();
        for (CustomerId subject : subjects) {
            byTombstone.put(ErasureKeys.tombstone(key.get(), subject).value(), subject);
        }
        Set<CustomerId> erased = new HashSet<>();
        jdbc.prepareStatement("SELECT tombstone FROM erased_subject WHERE tenant_id = ? AND tombstone = ANY (?)", statement -> {
            statement.setLong(1, tenantId);
            statement.setArray(2, statement.getConnection().createArrayOf("text", byTombstone.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    erased.add(byTombstone.get(rows.getString(1)));
                }
            }
            return null;
        });
        return new SubjectStates(erased, restricted);
    }

    @Override
    public boolean isErased(TenantId tenant, CustomerId id) {
        long tenantId = tenants.require(tenant);
        byte[] stored = jdbc.prepareStatement("SELECT erasure_key FROM tenant WHERE tenant_id = ?", statement -> {
            statement.setLong(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        });
        return keys.known(tenantId, stored).map(key -> jdbc.prepareStatement("SELECT 1 FROM erased_subject WHERE tenant_id = ? AND tombstone = ?",
                statement -> {
                    statement.setLong(1, tenantId);
                    statement.setString(2, ErasureKeys.tombstone(key, id).value());
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next();
                    }
                })).orElse(false);
    }

    /**
     * Under the exclusive lock, the customer is marked restricted (by this request) and their share leaves the rollups as
     * a negative delta; then the tenant's deltas are folded (waiting for other nodes' folds), and the extremes of the rows
     * they were in are recomputed without them. Run again for the same request (a node stopped in it), it skips the mark.
     */
    @Override
    public Map<String, Long> restrict(TenantId tenant, CustomerId customer, Instant at, UUID request) {
        long tenantId = tenants.require(tenant);
        Map<String, Long> counts = new LinkedHashMap<>();
        long id = transactions.executeWrite(status -> {
            lock(LOCK_EXCLUSIVE, tenantId);
            Row row = customer(tenantId, customer);
            boolean mine = row.restrictedBy().filter(request::equals).isPresent();
            if (row.erasedAt().isPresent() || (row.restrictedAt().isPresent() && !mine)) {
                throw new ConflictException("the processing of customer '" + customer.value() + "' is restricted already"
                        + row.restrictedAt().map(since -> ", since " + since).orElse(""));
            }
            if (!mine) {
                update("UPDATE customer SET restricted_at = ?, restricted_by = ? WHERE tenant_id = ? AND customer_id = ?", at, request, tenantId, row.id());
                rollups.withdraw(tenantId, row.id());
                watermarks.advance(tenantId);
            }
            return row.id();
        });
        folder.foldTenant(tenantId);
        transactions.executeWrite(status -> {
            counts.put("usage_event", countEvents(tenantId, id));
            counts.put("usage_rollup", rollups.refreshExtremes(tenantId, rollups.touched(tenantId, id)));
            watermarks.advance(tenantId);
            return null;
        });
        return counts;
    }

    /** Under the exclusive lock: the mark goes and the customer's share comes back as a positive delta. Idempotent per request. */
    @Override
    public Map<String, Long> lift(TenantId tenant, CustomerId customer, UUID request) {
        long tenantId = tenants.require(tenant);
        return transactions.executeWrite(status -> {
            lock(LOCK_EXCLUSIVE, tenantId);
            Row row = customer(tenantId, customer);
            boolean mine = row.liftedBy().filter(request::equals).isPresent();
            if (row.erasedAt().isPresent() || (row.restrictedAt().isEmpty() && !mine)) {
                throw new ConflictException("the processing of customer '" + customer.value() + "' is not restricted: there is nothing to lift");
            }
            if (!mine) {
                update("UPDATE customer SET restricted_at = NULL, restricted_by = NULL, lifted_by = ? WHERE tenant_id = ? AND customer_id = ?", request,
                        tenantId, row.id());
                rollups.restore(tenantId, row.id());
                watermarks.advance(tenantId);
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("usage_event", countEvents(tenantId, row.id()));
            return counts;
        });
    }

    /**
     * Erases in two steps. The first, under the exclusive lock, records the tombstone (later events are refused from its
     * commit on), marks the customer erased and restricted (every figure leaves them out), and withdraws their share of
     * the rollups unless a restriction did already. Then the tenant's deltas are folded. The second step, one
     * transaction, recomputes the extremes of the rows their events were in, deletes those events and their keys, the
     * files about them, masks the tenant's rows and gives the profile its tombstone: a failure leaves the request to be
     * run again from there (the first step is not repeated for a customer marked erased).
     */
    @Override
    public Erasure erase(TenantId tenant, CustomerId customer, UUID request, Instant at) {
        long tenantId = tenants.require(tenant);
        record First(Row row, CustomerId tombstone) {
        }
        First first = transactions.executeWrite(status -> {
            lock(LOCK_EXCLUSIVE, tenantId);
            Row row = customer(tenantId, customer);
            byte[] key = keys.ensure(tenantId);
            CustomerId tombstone = ErasureKeys.tombstone(key, customer);
            update("""
                    INSERT INTO erased_subject (tenant_id, tombstone, erased_at, request_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenant_id, tombstone) DO NOTHING""", tenantId, tombstone.value(), at, request);
            if (row.erasedAt().isEmpty()) {
                if (row.restrictedAt().isEmpty()) {
                    rollups.withdraw(tenantId, row.id());
                }
                update("UPDATE customer SET erased_at = ?, restricted_at = coalesce(restricted_at, ?) WHERE tenant_id = ? AND customer_id = ?", at, at,
                        tenantId, row.id());
                watermarks.advance(tenantId);
            }
            return new First(row, tombstone);
        });
        folder.foldTenant(tenantId);
        Row row = first.row();
        List<String> names = new ArrayList<>();
        row.displayName().filter(name -> !name.isBlank()).ifPresent(names::add);
        names.addAll(formerNames(tenantId, customer));
        Map<String, Long> deleted = new LinkedHashMap<>();
        Map<String, Long> masked = transactions.executeWrite(status -> {
            RollupCorrections.Touched touched = rollups.touched(tenantId, row.id());
            sweep.deleteEvents(tenantId, row.id(), deleted);
            long emptied = rollups.refreshExtremes(tenantId, touched);
            if (emptied > 0) {
                deleted.put("usage_rollup", emptied);
            }
            sweep.deleteFiles(tenantId, row.id(), customer.value(), at, deleted);
            Map<String, Long> changed = new LinkedHashMap<>(sweep.mask(tenantId, List.of(customer.value()), names, first.tombstone().value()));
            update("""
                    UPDATE customer SET external_id = ?, display_name = ?, country = NULL, timezone = NULL, restricted_at = NULL, updated_at = ?
                     WHERE tenant_id = ? AND customer_id = ?""", first.tombstone().value(), first.tombstone().value(), at, tenantId, row.id());
            changed.put("customer.external_id", 1L);
            changed.put("customer.display_name", 1L);
            customerKeys.forget(tenantId, customer);
            watermarks.advance(tenantId);
            return changed;
        });
        return new Erasure(first.tombstone(), deleted, masked);
    }

    @Override
    public void rows(TenantId tenant, CustomerId customer, Section section, Consumer<String> row) {
        long tenantId = tenants.require(tenant);
        long customerId = transactions.executeRead(status -> customer(tenantId, customer, false).id());
        transactions.executeRead(status -> jdbc.prepareStatement(AccessRows.sql(section), statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            switch (section) {
                case EXPORTS -> {
                    statement.setLong(3, tenantId);
                    statement.setString(4, customer.value());
                }
                case AUDIT -> {
                    statement.setString(3, customer.value());
                    statement.setString(4, customer.value());
                }
                default -> {
                }
            }
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.accept(rows.getString(1));
                }
            }
            return null;
        }));
    }

    /** The display names a rectification replaced or set, as its audit entries keep them: erasure masks those too. */
    private List<String> formerNames(long tenantId, CustomerId customer) {
        return jdbc.prepareStatement("""
                SELECT DISTINCT n FROM audit_entry,
                       LATERAL (VALUES (details -> 'before' ->> 'display_name'), (details -> 'after' ->> 'display_name')) AS v (n)
                 WHERE tenant_id = ? AND action = 'customer.rectified' AND target = 'customer:' || ? AND n IS NOT NULL AND n <> ''""", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    private Row customer(long tenantId, CustomerId customer) {
        return customer(tenantId, customer, true);
    }

    private Row customer(long tenantId, CustomerId customer, boolean forUpdate) {
        return jdbc.prepareStatement(forUpdate ? CUSTOMER : CUSTOMER.replace(" FOR UPDATE", ""), statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new NotFoundException("customer", customer.value());
                }
                return new Row(rows.getLong(1), Optional.ofNullable(rows.getString(2)), Optional.ofNullable(Sql.getInstant(rows, "restricted_at")),
                        Optional.ofNullable(rows.getObject("restricted_by", UUID.class)), Optional.ofNullable(rows.getObject("lifted_by", UUID.class)),
                        Optional.ofNullable(Sql.getInstant(rows, "erased_at")));
            }
        });
    }

    private long countEvents(long tenantId, long customerId) {
        return jdbc.prepareStatement("SELECT count(*) FROM usage_event WHERE tenant_id = ? AND customer_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private void lock(String sql, long tenantId) {
        jdbc.prepareStatement(sql, statement -> {
            statement.setInt(1, LOCK_SPACE);
            statement.setLong(2, tenantId);
            statement.execute();
            return null;
        });
    }

    private void update(String sql, Object... parameters) {
        jdbc.prepareStatement(sql, statement -> {
            Sql.bind(statement, parameters);
            return statement.executeUpdate();
        });
    }
}
