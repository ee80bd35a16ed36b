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
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * A customer's events for exports. The rows are streamed with a binary {@code COPY … TO STDOUT} in a read-only
 * transaction: PostgreSQL sends them as fast as they are taken, without the round trip a cursor's fetch makes every
 * few thousand rows, and times come as microseconds rather than text to parse. {@link HistoryCopy} decodes them on a
 * thread of its own while the caller's thread hands the previous rows on. Dimension and measure values are taken out of
 * {@code data} by PostgreSQL, so the JVM never parses the JSON.
 */
@Connectable
@Singleton
class UsageHistoryPersistenceAdapter implements UsageHistoryPort {

    /** The prefix of the transaction settings the export's COPY reads its values from. */
    static final String SETTING = "tally.history.";
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
        String copy = copy(dimensions.size(), measures.size());
        List<String> names = new ArrayList<>(dimensions);
        names.addAll(measures);
        // COPY takes no bind parameters: the values are bound to settings of this transaction, which the COPY reads
        transactions.execute(TransactionDefinition.READ_ONLY, status -> jdbc.prepareStatement(settings(names.size()), settings -> {
            int index = 1;
            for (String value : List.of(Long.toString(tenantId), Long.toString(customerId), timestamp(from), timestamp(to))) {
                settings.setString(index++, value);
            }
            for (String name : names) {
                settings.setString(index++, name);
            }
            try (ResultSet ignored = settings.executeQuery()) {
                HistoryCopy.read(settings.getConnection().unwrap(PGConnection.class).getCopyAPI().copyOut(copy), dimensions.size(),
                        measures.size(), consumer);
            }
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

    /**
     * {@link #query} as the binary COPY the export streams, its values read from the transaction's settings that
     * {@link #settings} binds: the keys in the WHERE clause as stable expressions, so that PostgreSQL prunes the
     * partitions and scans the customer index as it does for bound values; the names as one-time subqueries.
     */
    static String copy(int dimensions, int measures) {
        String sql = query(dimensions, measures);
        StringBuilder copy = new StringBuilder("COPY (");
        int parameter = 0;
        int names = dimensions + measures;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != '?') {
                copy.append(c);
            } else if (parameter < 2 * names) {
                copy.append("(SELECT current_setting('").append(SETTING).append("name").append(parameter / 2 + 1).append("'))");
                parameter++;
            } else {
                String[] keys = {"tenant')::bigint", "customer')::bigint", "from')::timestamptz", "to')::timestamptz"};
                copy.append("current_setting('").append(SETTING).append(keys[parameter - 2 * names]);
                parameter++;
            }
        }
        return copy.append(") TO STDOUT (FORMAT binary)").toString();
    }

    /** Binds tenant, customer, from, to and each name (in that order) to settings of the current transaction. */
    static String settings(int names) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> keys = new ArrayList<>(List.of("tenant", "customer", "from", "to"));
        for (int i = 1; i <= names; i++) {
            keys.add("name" + i);
        }
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("set_config('").append(SETTING).append(keys.get(i)).append("', ?, true)");
        }
        return sql.toString();
    }

    /** An instant as PostgreSQL reads a timestamptz, to the microsecond it keeps. */
    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
