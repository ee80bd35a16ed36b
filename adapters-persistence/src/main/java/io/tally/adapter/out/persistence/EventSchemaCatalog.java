package io.tally.adapter.out.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.domain.usage.UsageEvent;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dimension and measure names each event type has carried, per tenant: what analytics queries may group
 * and filter by. Names already recorded are cached (after their transaction commits), so a batch writes
 * only names never seen before.
 */
@Singleton
public final class EventSchemaCatalog {

    private static final String INSERT = """
            INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen)
            SELECT ?, type, name, kind, ? FROM unnest(?::text[], ?::text[], ?::text[]) AS n (type, name, kind)
            ON CONFLICT DO NOTHING""";

    private record Name(long tenantId, String type, String name, String kind) {
    }

    private final JdbcOperations jdbc;
    private final AfterCommit afterCommit;
    private final Set<Name> known = ConcurrentHashMap.newKeySet();

    EventSchemaCatalog(JdbcOperations jdbc, AfterCommit afterCommit) {
        this.jdbc = jdbc;
        this.afterCommit = afterCommit;
    }

    public void record(long tenantId, List<UsageEvent> stored, Instant now) {
        Set<Name> seen = new HashSet<>();
        for (UsageEvent event : stored) {
            String type = event.type().value();
            for (String dimension : event.data().dimensions().keySet()) {
                Name name = new Name(tenantId, type, dimension, "dimension");
                if (!known.contains(name)) {
                    seen.add(name);
                }
            }
            for (String measure : event.data().measures().keySet()) {
                Name name = new Name(tenantId, type, measure, "measure");
                if (!known.contains(name)) {
                    seen.add(name);
                }
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        List<Name> names = new ArrayList<>(seen);
        names.sort((a, b) -> (a.type() + '\u0000' + a.kind() + '\u0000' + a.name()).compareTo(b.type() + '\u0000' + b.kind() + '\u0000' + b.name()));
        jdbc.prepareStatement(INSERT, statement -> {
            Connection connection = statement.getConnection();
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, now);
            statement.setArray(3, connection.createArrayOf("text", names.stream().map(Name::type).toArray()));
            statement.setArray(4, connection.createArrayOf("text", names.stream().map(Name::name).toArray()));
            statement.setArray(5, connection.createArrayOf("text", names.stream().map(Name::kind).toArray()));
            return statement.executeUpdate();
        });
        afterCommit.run(() -> known.addAll(names));
    }

    public Set<String> dimensions(long tenantId, String type) {
        return jdbc.prepareStatement("SELECT name FROM usage_event_schema WHERE tenant_id = ? AND type = ? AND kind = 'dimension'", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, type);
            Set<String> names = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }
}
