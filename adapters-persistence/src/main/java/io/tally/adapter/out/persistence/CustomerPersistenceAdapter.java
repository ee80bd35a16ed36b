package io.tally.adapter.out.persistence;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.customer.CustomerUpsert;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/* Each call runs on the surrounding transaction's connection, or on one of its own outside a transaction. */
@Connectable
@Singleton
class CustomerPersistenceAdapter implements CustomerStorePort {

    private static final String COLUMNS = """
            external_id, display_name, timezone, country, currency, plan, signed_up_at, status, created_at, updated_at, restricted_at,
            erased_at""";

    /*
     * One statement, atomic under concurrent upserts of the same id. updated_at moves only when the
     * profile really changed, so sending the same profile again leaves the row as it was.
     */
    private static final String UPSERT = """
            INSERT INTO customer AS c (tenant_id, external_id, display_name, timezone, country, currency, plan,
                                       signed_up_at, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, external_id) DO UPDATE SET
                display_name = excluded.display_name, timezone = excluded.timezone, country = excluded.country,
                currency = excluded.currency, plan = excluded.plan, signed_up_at = excluded.signed_up_at,
                status = excluded.status,
                updated_at = CASE
                    WHEN (c.display_name, c.timezone, c.country, c.currency, c.plan, c.signed_up_at, c.status)
                         IS DISTINCT FROM
                         (excluded.display_name, excluded.timezone, excluded.country, excluded.currency,
                          excluded.plan, excluded.signed_up_at, excluded.status)
                    THEN excluded.updated_at ELSE c.updated_at END
            RETURNING\s""" + COLUMNS + ", (xmax = 0) AS created";

    private static final String CREATE_MISSING = """
            INSERT INTO customer (tenant_id, external_id, status, created_at, updated_at)
            SELECT ?, external_id, 'active', ?, ? FROM unnest(?::text[]) AS ids (external_id)
            ON CONFLICT (tenant_id, external_id) DO NOTHING""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM customer WHERE tenant_id = ? AND external_id = ?";
    /** The customer and its resets in force ({@link ResetMarks}), one row. */
    private static final String FIND_WITH_RESETS = "SELECT " + COLUMNS.replaceAll("(\\w+)", "c.$1")
            + ", resets.* FROM customer c " + ResetMarks.IN_FORCE + " WHERE c.tenant_id = ? AND c.external_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM customer WHERE tenant_id = ? AND external_id > ?";
    private static final String SCOPED = " AND external_id = ANY (?)";
    /* Case-insensitive as the database collation folds case (lower() of both sides); a plain scan of the tenant's customers. */
    private static final String SEARCH = " AND (strpos(lower(external_id), lower(?)) > 0 OR strpos(lower(display_name), lower(?)) > 0)";
    private static final String ORDER_AND_LIMIT = " ORDER BY external_id LIMIT ?";
    private static final String LOCK = "SELECT 1 FROM customer WHERE tenant_id = ? AND external_id = ? FOR UPDATE";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final CustomerKeys customerKeys;
    private final DataWatermarks watermarks;

    CustomerPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, CustomerKeys customerKeys, DataWatermarks watermarks) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.customerKeys = customerKeys;
        this.watermarks = watermarks;
    }

    @Override
    public Set<CustomerId> existing(TenantId tenant, Set<CustomerId> ids) {
        return customerKeys.idsOf(tenants.require(tenant), ids).keySet();
    }

    @Override
    public void createMissing(TenantId tenant, Set<CustomerId> ids, Instant now) {
        long tenantId = tenants.require(tenant);
        // sorted, so concurrent inserts of overlapping customers take their locks in one order
        String[] unknown = ids.stream().filter(id -> !customerKeys.isKnown(tenantId, id)).map(CustomerId::value).sorted()
                .toArray(String[]::new);
        if (unknown.length == 0) {
            return;
        }
        jdbc.prepareStatement(CREATE_MISSING, statement -> {
            statement.setLong(1, tenantId);
            Sql.setInstant(statement, 2, now);
            Sql.setInstant(statement, 3, now);
            statement.setArray(4, statement.getConnection().createArrayOf("text", unknown));
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<Customer> find(TenantId tenant, CustomerId id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(FIND, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, id.value());
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public Optional<CustomerWithResets> findWithResets(TenantId tenant, CustomerId id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(FIND_WITH_RESETS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new CustomerWithResets(read(rows), ResetMarks.read(rows))) : Optional.empty();
            }
        });
    }

    @Override
    public CustomerUpsert upsert(TenantId tenant, CustomerId id, CustomerProfile profile, Instant now) {
        long tenantId = tenants.require(tenant);
        CustomerUpsert upsert = jdbc.prepareStatement(UPSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, id.value());
            Sql.setText(statement, 3, profile.displayName().orElse(null));
            Sql.setText(statement, 4, profile.timezone().map(TimeZoneId::value).orElse(null));
            Sql.setText(statement, 5, profile.country().map(CountryCode::value).orElse(null));
            Sql.setText(statement, 6, profile.currency().map(CurrencyCode::value).orElse(null));
            Sql.setText(statement, 7, profile.plan().orElse(null));
            Sql.setInstant(statement, 8, profile.signedUpAt().orElse(null));
            statement.setString(9, profile.status().wireName());
            Sql.setInstant(statement, 10, now);
            Sql.setInstant(statement, 11, now);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new CustomerUpsert(read(rows), rows.getBoolean("created"));
            }
        });
        // a profile's country, plan and signed-up time are in billing figures
        watermarks.advance(tenantId);
        return upsert;
    }

    @Override
    public List<Customer> list(TenantId tenant, CustomerScope scope, Optional<String> search, Optional<CustomerId> after, int limit) {
        long tenantId = tenants.require(tenant);
        String sql = LIST + (scope.isRestricted() ? SCOPED : "") + (search.isPresent() ? SEARCH : "") + ORDER_AND_LIMIT;
        return jdbc.prepareStatement(sql, statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            statement.setString(index++, after.map(CustomerId::value).orElse(""));
            if (scope.isRestricted()) {
                String[] ids = scope.only().orElseThrow().stream().map(CustomerId::value).toArray(String[]::new);
                statement.setArray(index++, statement.getConnection().createArrayOf("text", ids));
            }
            if (search.isPresent()) {
                statement.setString(index++, search.get());
                statement.setString(index++, search.get());
            }
            statement.setInt(index, limit);
            return readAll(statement);
        });
    }

    @Override
    public void lock(TenantId tenant, CustomerId id) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(LOCK, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }

    private static List<Customer> readAll(PreparedStatement statement) throws SQLException {
        List<Customer> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(read(rows));
            }
        }
        return result;
    }

    private static Customer read(ResultSet rows) throws SQLException {
        CustomerProfile profile = new CustomerProfile(
                Optional.ofNullable(rows.getString("display_name")),
                Optional.ofNullable(rows.getString("timezone")).map(TimeZoneId::of),
                Optional.ofNullable(rows.getString("country")).map(CountryCode::of),
                Optional.ofNullable(rows.getString("currency")).map(CurrencyCode::of),
                Optional.ofNullable(rows.getString("plan")),
                Optional.ofNullable(Sql.getInstant(rows, "signed_up_at")),
                CustomerStatus.fromWireName(rows.getString("status")));
        return Customer.restore(CustomerId.of(rows.getString("external_id")), profile,
                Sql.getInstant(rows, "created_at"), Sql.getInstant(rows, "updated_at"),
                Optional.ofNullable(Sql.getInstant(rows, "restricted_at")), Optional.ofNullable(Sql.getInstant(rows, "erased_at")));
    }
}
