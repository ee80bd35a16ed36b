package io.tally.adapter.out.persistence.usage;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.DataWatermarks;
import io.tally.adapter.out.persistence.EventSchemaCatalog;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.analytics.RollupDeltas;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.StoredEvent;
import io.tally.domain.usage.UsageEvent;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Usage events on PostgreSQL. A batch is written by one statement: the keys go into
 * {@code usage_event_key} with ON CONFLICT DO NOTHING, and only the events whose key was new go into
 * {@code usage_event}. Concurrent batches with the same key wait for each other on the key's unique index,
 * so exactly one stores it. In the same transaction, the stored events' rollup deltas and any data names
 * never seen before are written.
 */
@Connectable
@Singleton
class UsageEventPersistenceAdapter implements UsageEventStorePort {

    /** The source of the api.call events Tally records of its own API's use. */
    static final String OWN_SOURCE = "tally";
    private static final String APPEND = """
            WITH input AS (
                SELECT ordinality, customer_id, timestamptz 'epoch' + micros * interval '1 microsecond' AS occurred_at,
                       type, source, event_id, data, fingerprint
                  FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[]) WITH ORDINALITY
                    AS i (customer_id, micros, type, source, event_id, data, fingerprint)
            ), new_keys AS (
                INSERT INTO usage_event_key (tenant_id, source, event_id, fingerprint, occurred_at)
                SELECT ?, source, event_id, fingerprint, occurred_at FROM input
                ON CONFLICT DO NOTHING
                RETURNING source, event_id
            ), stored AS (
                SELECT i.* FROM input i JOIN new_keys k ON k.source = i.source AND k.event_id = i.event_id
            ), inserted AS (
                INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                SELECT ?, occurred_at, customer_id, type, source, event_id, data::jsonb, ? FROM stored
            )
            SELECT ordinality FROM stored""";

    /* Runs as a statement of its own, after APPEND: a key that a concurrent batch committed meanwhile is visible. */
    private static final String EXISTING = """
            SELECT k.source, k.event_id, k.fingerprint
              FROM usage_event_key k
              JOIN unnest(?::text[], ?::text[]) AS wanted (source, event_id)
                ON k.source = wanted.source AND k.event_id = wanted.event_id
             WHERE k.tenant_id = ?""";

    private static final Comparator<FingerprintedEvent> BY_KEY =
            Comparator.comparing((FingerprintedEvent event) -> event.key().source()).thenComparing(event -> event.key().id());

    private static final String HISTORY_COLUMNS = "SELECT occurred_at, type, source, event_id, data, received_at FROM usage_event ";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final CustomerKeys customers;
    private final UsageEventPartitions partitions;
    private final EventSchemaCatalog schema;
    private final DataWatermarks watermarks;

    UsageEventPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, CustomerKeys customers, UsageEventPartitions partitions,
                                 EventSchemaCatalog schema, DataWatermarks watermarks) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.customers = customers;
        this.partitions = partitions;
        this.schema = schema;
        this.watermarks = watermarks;
    }

    @Override
    public Appended append(TenantId tenant, List<FingerprintedEvent> batch, Instant receivedAt, Set<CustomerId> withheld) {
        long tenantId = tenants.require(tenant);
        // Keys in one order for every batch: concurrent batches that share keys then wait for each other
        // on the unique index instead of deadlocking.
        List<FingerprintedEvent> events = batch.stream().sorted(BY_KEY).toList();
        Set<CustomerId> subjects = new HashSet<>();
        List<Instant> times = new ArrayList<>(events.size());
        for (FingerprintedEvent event : events) {
            event.event().subject().ifPresent(subjects::add);
            times.add(event.event().time());
        }
        Map<CustomerId, Long> customerIds = customers.idsOf(tenantId, subjects);
        partitions.ensureFor(times);

        int size = events.size();
        Long[] customerColumn = new Long[size];
        Long[] timeColumn = new Long[size];
        String[] typeColumn = new String[size];
        String[] sourceColumn = new String[size];
        String[] idColumn = new String[size];
        String[] dataColumn = new String[size];
        String[] fingerprintColumn = new String[size];
        for (int i = 0; i < size; i++) {
            UsageEvent event = events.get(i).event();
            customerColumn[i] = event.subject().map(subject -> {
                Long id = customerIds.get(subject);
                if (id == null) {
                    throw new IllegalStateException("customer " + subject + " must exist before its events are stored");
                }
                return id;
            }).orElse(null);
            timeColumn[i] = Sql.epochMicros(event.time());
            typeColumn[i] = event.type().value();
            sourceColumn[i] = event.key().source();
            idColumn[i] = event.key().id();
            dataColumn[i] = events.get(i).canonicalData();
            fingerprintColumn[i] = events.get(i).fingerprint().toString();
        }

        Set<EventKey> stored = jdbc.prepareStatement(APPEND, statement -> {
            Connection connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("int8", customerColumn));
            statement.setArray(2, connection.createArrayOf("int8", timeColumn));
            statement.setArray(3, connection.createArrayOf("text", typeColumn));
            statement.setArray(4, connection.createArrayOf("text", sourceColumn));
            statement.setArray(5, connection.createArrayOf("text", idColumn));
            statement.setArray(6, connection.createArrayOf("text", dataColumn));
            statement.setArray(7, connection.createArrayOf("text", fingerprintColumn));
            statement.setLong(8, tenantId);
            statement.setLong(9, tenantId);
            Sql.setInstant(statement, 10, receivedAt);
            Set<EventKey> keys = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(events.get(rows.getInt(1) - 1).key());
                }
            }
            return keys;
        });
        List<UsageEvent> storedEvents = events.stream().filter(event -> stored.contains(event.key())).map(FingerprintedEvent::event).toList();
        RollupDeltas.write(jdbc, tenantId, withheld.isEmpty() ? storedEvents
                : storedEvents.stream().filter(event -> event.subject().map(subject -> !withheld.contains(subject)).orElse(true)).toList());
        schema.record(tenantId, storedEvents, receivedAt);
        if (storedEvents.stream().anyMatch(event -> !isOwnApiCall(event))) {
            watermarks.advanceForEvents(tenantId, receivedAt);
        }
        if (stored.size() == size) {
            return new Appended(stored, Map.of());
        }
        return new Appended(stored, existingFingerprints(tenantId, events, stored));
    }

    /**
     * Tally's own record of a request to its API: it does not move the data watermark, or every dashboard call (itself
     * recorded) would invalidate the answers it cached; figures of api.call reach cached dashboards within their
     * maximum age.
     */
    private static boolean isOwnApiCall(UsageEvent event) {
        return event.type().equals(EventType.API_CALL) && OWN_SOURCE.equals(event.key().source());
    }

    private Map<EventKey, UUID> existingFingerprints(long tenantId, List<FingerprintedEvent> events, Set<EventKey> stored) {
        List<String> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (FingerprintedEvent event : events) {
            if (!stored.contains(event.key())) {
                sources.add(event.key().source());
                ids.add(event.key().id());
            }
        }
        return jdbc.prepareStatement(EXISTING, statement -> {
            Connection connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("text", sources.toArray()));
            statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
            statement.setLong(3, tenantId);
            Map<EventKey, UUID> fingerprints = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fingerprints.put(new EventKey(rows.getString(1), rows.getString(2)), rows.getObject(3, UUID.class));
                }
            }
            return fingerprints;
        });
    }

    @Override
    public List<StoredEvent> history(TenantId tenant, CustomerId customer, Optional<EventType> type, Optional<Instant> from,
                                     Optional<Instant> to, Optional<EventCursor> after, int limit) {
        long tenantId = tenants.require(tenant);
        Long customerId = customers.idsOf(tenantId, List.of(customer)).get(customer);
        if (customerId == null) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder(HISTORY_COLUMNS).append("WHERE tenant_id = ? AND customer_id = ?");
        type.ifPresent(t -> sql.append(" AND type = ?"));
        from.ifPresent(f -> sql.append(" AND occurred_at >= ?"));
        to.ifPresent(t -> sql.append(" AND occurred_at < ?"));
        after.ifPresent(a -> sql.append(" AND (occurred_at, source, event_id) < (?, ?, ?)"));
        sql.append(" ORDER BY occurred_at DESC, source DESC, event_id DESC LIMIT ?");
        return jdbc.prepareStatement(sql.toString(), statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            statement.setLong(index++, customerId);
            if (type.isPresent()) {
                statement.setString(index++, type.get().value());
            }
            if (from.isPresent()) {
                Sql.setInstant(statement, index++, from.get());
            }
            if (to.isPresent()) {
                Sql.setInstant(statement, index++, to.get());
            }
            if (after.isPresent()) {
                Sql.setInstant(statement, index++, after.get().time());
                statement.setString(index++, after.get().key().source());
                statement.setString(index++, after.get().key().id());
            }
            statement.setInt(index, limit);
            return readHistory(statement, customer);
        });
    }

    private static List<StoredEvent> readHistory(PreparedStatement statement, CustomerId customer) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                UsageEvent event = new UsageEvent(new EventKey(rows.getString("source"), rows.getString("event_id")),
                        EventType.of(rows.getString("type")), Optional.of(customer), Sql.getInstant(rows, "occurred_at"), true,
                        EventJson.read(rows.getString("data")));
                events.add(new StoredEvent(event, Sql.getInstant(rows, "received_at")));
            }
        }
        return events;
    }
}
