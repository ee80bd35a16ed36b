package io.tally.adapter.out.persistence.privacy;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.CustomerKeys;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.privacy.ConsentStorePort;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.privacy.LegalBasis;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Consent statements in {@code consent_record} (V14), keyed by the customer's row, appended only. */
@Connectable
@Singleton
class ConsentPersistenceAdapter implements ConsentStorePort {

    private static final String COLUMNS = "c.external_id, r.category, r.given, r.version, r.legal_basis, r.purpose, r.at, r.recorded_at";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final CustomerKeys customers;

    ConsentPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, CustomerKeys customers) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.customers = customers;
    }

    @Override
    public void append(TenantId tenant, ConsentRecord record) {
        long tenantId = tenants.require(tenant);
        Long customerId = customers.idsOf(tenantId, List.of(record.customer())).get(record.customer());
        if (customerId == null) {
            throw new IllegalStateException("customer " + record.customer().value() + " is not stored");
        }
        transactions.executeWrite(status -> jdbc.prepareStatement("""
                INSERT INTO consent_record (tenant_id, customer_id, category, given, version, legal_basis, purpose, at, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", statement -> {
            statement.setLong(1, tenantId);
            statement.setLong(2, customerId);
            statement.setString(3, record.category());
            statement.setBoolean(4, record.given());
            statement.setString(5, record.version());
            statement.setString(6, record.legalBasis().wireName());
            Sql.setText(statement, 7, record.purpose().orElse(null));
            Sql.setInstant(statement, 8, record.at());
            Sql.setInstant(statement, 9, record.recordedAt());
            return statement.executeUpdate();
        }));
    }

    @Override
    public List<ConsentRecord> history(TenantId tenant, CustomerId customer) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM consent_record r JOIN customer c ON c.tenant_id = r.tenant_id"
                + " AND c.customer_id = r.customer_id WHERE r.tenant_id = ? AND c.external_id = ? ORDER BY r.seq", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            return records(statement);
        });
    }

    @Override
    public Map<CustomerId, List<ConsentRecord>> histories(TenantId tenant, Set<CustomerId> wanted, Set<String> categories) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM consent_record r JOIN customer c ON c.tenant_id = r.tenant_id"
                + " AND c.customer_id = r.customer_id WHERE r.tenant_id = ? AND c.external_id = ANY (?) AND r.category = ANY (?)"
                + " ORDER BY r.seq", statement -> {
            statement.setLong(1, tenantId);
            statement.setArray(2, statement.getConnection().createArrayOf("text", wanted.stream().map(CustomerId::value).toArray()));
            statement.setArray(3, statement.getConnection().createArrayOf("text", categories.toArray()));
            Map<CustomerId, List<ConsentRecord>> found = new HashMap<>();
            for (ConsentRecord record : records(statement)) {
                found.computeIfAbsent(record.customer(), id -> new ArrayList<>()).add(record);
            }
            return found;
        });
    }

    private static List<ConsentRecord> records(PreparedStatement statement) throws SQLException {
        List<ConsentRecord> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(new ConsentRecord(CustomerId.of(rows.getString(1)), rows.getString(2), rows.getBoolean(3), rows.getString(4),
                        LegalBasis.fromWireName(rows.getString(5), "legal_basis"), Optional.ofNullable(rows.getString(6)),
                        Sql.getInstant(rows, "at"), Sql.getInstant(rows, "recorded_at")));
            }
        }
        return found;
    }
}
