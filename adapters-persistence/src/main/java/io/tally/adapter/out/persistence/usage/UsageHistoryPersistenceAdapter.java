package io.tally.adapter.out.persistence.usage;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A customer's events for exports. The rows are read in a read-only transaction with a fetch size, which is
 * what makes pgjdbc stream them through a cursor instead of loading the result; dimension and measure values
 * are taken out of {@code data} by PostgreSQL, so the JVM never parses the JSON.
 */
@Connectable
@Singleton
class UsageHistoryPersistenceAdapter implements UsageHistoryPort {

    static final int FETCH_SIZE = 5_000;
    /*
     * The names of the event types the customer has events of in the period. Each EXISTS names its type, so
     * PostgreSQL reads only that type's hash partitions, through the customer index: cheap even when the
     * customer has millions of events of another type.
     */
    private static final String NAMES = """
            SELECT DISTINCT s.kind, s.name
              FROM usage_event_schema s
             WHERE s.tenant_id = ?
               AND EXISTS (SELECT 1 FROM usage_event e
                            WHERE e.tenant_id = s.tenant_id AND e.type = s.type AND e.customer_id = ?
                              AND e.occurred_at >= ? AND e.occurred_at < ?)
             ORDER BY s.kind, s.name""";
    private static final String COUNT = """
            SELECT count(*) FROM (SELECT 1 FROM usage_event
                                   WHERE tenant_id = ? AND customer_id = ? AND occurred_at >= ? AND occurred_at < ? LIMIT ?) AS capped""";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final CustomerKeys customers;

    UsageHistoryPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants,
                                   CustomerKeys customers) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.customers = customers;
    }

    @Override
    public DataNames dataNames(TenantId tenant, CustomerId customer, Instant from, Instant to) {
        long tenantId = tenants.require(tenant);
        Long customerId = customers.idsOf(tenantId, List.of(customer)).get(customer);
        if (customerId == null) {
            return new DataNames(List.of(), List.of());
        }
        return jdbc.prepareStatement(NAMES, statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            Sql.setInstant(statement, 3, from);
            Sql.setInstant(statement, 4, to);
            List<String> dimensions = new ArrayList<>();
            List<String> measures = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ("dimension".equals(rows.getString(1)) ? dimensions : measures).add(rows.getString(2));
                }
            }
            return new DataNames(dimensions, measures);
        });
    }

    @Override
    public long count(TenantId tenant, CustomerId customer, Instant from, Instant to, long atMost) {
        long tenantId = tenants.require(tenant);
        Long customerId = customers.idsOf(tenantId, List.of(customer)).get(customer);
        if (customerId == null) {
            return 0;
        }
        return jdbc.prepareStatement(COUNT, statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            Sql.setInstant(statement, 3, from);
            Sql.setInstant(statement, 4, to);
            statement.setLong(5, atMost);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public void forEach(TenantId tenant, CustomerId customer, Instant from, Instant to, List<String> dimensions, List<String> measures,
                        Consumer<Row> consumer) {
        long tenantId = tenants.require(tenant);
        Long customerId = customers.idsOf(tenantId, List.of(customer)).get(customer);
        if (customerId == null) {
            return;
        }
        String sql = query(dimensions.size(), measures.size());
        transactions.execute(TransactionDefinition.READ_ONLY, status -> jdbc.prepareStatement(sql, statement -> {
            statement.setFetchSize(FETCH_SIZE);
            int index = 1;
            for (String dimension : dimensions) {
                statement.setString(index++, dimension);
                statement.setString(index++, dimension);
            }
            for (String measure : measures) {
                statement.setString(index++, measure);
                statement.setString(index++, measure);
            }
            statement.setLong(index++, tenantId);
            statement.setLong(index++, customerId);
            Sql.setInstant(statement, index++, from);
            Sql.setInstant(statement, index, to);
            read(statement, dimensions.size(), measures.size(), consumer);
            return null;
        }));
    }

    /**
     * The export query: a dimension's value only where it is a string and a measure's only where it is a
     * number, since a name can be a dimension of one event type and a measure of another.
     */
    static String query(int dimensions, int measures) {
        StringBuilder sql = new StringBuilder("SELECT occurred_at, type, source, event_id");
        for (int i = 0; i < dimensions; i++) {
            sql.append(", CASE WHEN jsonb_typeof(data -> ?) = 'string' THEN data ->> ? END");
        }
        for (int i = 0; i < measures; i++) {
            sql.append(", CASE WHEN jsonb_typeof(data -> ?) = 'number' THEN (data ->> ?)::numeric END");
        }
        sql.append(", received_at FROM usage_event")
                .append(" WHERE tenant_id = ? AND customer_id = ? AND occurred_at >= ? AND occurred_at < ?")
                .append(" ORDER BY occurred_at, source, event_id");
        return sql.toString();
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, java.time.OffsetDateTime.class).toInstant();
    }

    private static void read(PreparedStatement statement, int dimensions, int measures, Consumer<Row> consumer) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String[] dimensionValues = new String[dimensions];
                for (int i = 0; i < dimensions; i++) {
                    dimensionValues[i] = rows.getString(5 + i);
                }
                BigDecimal[] measureValues = new BigDecimal[measures];
                for (int i = 0; i < measures; i++) {
                    measureValues[i] = rows.getBigDecimal(5 + dimensions + i);
                }
                consumer.accept(new Row(instant(rows, 1), rows.getString(2), rows.getString(3), rows.getString(4), dimensionValues,
                        measureValues, instant(rows, 5 + dimensions + measures)));
            }
        }
    }
}
