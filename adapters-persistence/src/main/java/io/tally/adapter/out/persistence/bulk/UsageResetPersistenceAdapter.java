package io.tally.adapter.out.persistence.bulk;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.adapter.out.persistence.ResetMarks;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.bulk.UsageResetStorePort;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.plan.ResetType;
import io.tally.domain.plan.UsageReset;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/*
 * Usage resets in `usage_reset` (kept as every bulk action's records are: BulkRunTable), the customers each applies to
 * in `usage_reset_customer`. Customers are selected (CustomerSelections), classified and recorded by one set-based
 * statement, whatever their number. Each call runs on the surrounding transaction's connection, or on one of its own
 * outside a transaction.
 */
@Connectable
@Singleton
class UsageResetPersistenceAdapter extends BulkRunStore<UsageReset> implements UsageResetStorePort {

    /* The resets in force for a customer, one row per meter each applies to. */
    /** The resets in force for one customer. Parameters: tenant, external id. */
    private static final String MARKS = "SELECT resets.* FROM customer c " + ResetMarks.IN_FORCE + " WHERE c.tenant_id = ? AND c.external_id = ?";
    /*
     * Not found; skipped without a plan, with a plan that is not defined, or with one that limits none of the
     * meters; else reset. Parameters: tenant, meters.
     */
    private static final String CLASSIFIED = """
            , classified AS (
                SELECT k.ord, k.external_id, k.customer_id,
                       CASE WHEN k.customer_id IS NULL THEN 'not_found'
                            WHEN k.plan IS NULL OR p.plan_key IS NULL OR l.limited IS NULL THEN 'skipped'
                            ELSE 'reset' END AS status,
                       CASE WHEN k.customer_id IS NULL THEN NULL
                            WHEN k.plan IS NULL THEN 'no plan'
                            WHEN p.plan_key IS NULL THEN format('plan ''%s'' is not defined', k.plan)
                            WHEN l.limited IS NULL THEN format('plan ''%s'' limits none of the meters', k.plan)
                       END AS reason
                  FROM candidates k
                  LEFT JOIN plan p ON p.tenant_id = ? AND p.plan_key = k.plan
                  LEFT JOIN LATERAL (
                      SELECT true AS limited FROM plan_limit pl
                       WHERE pl.tenant_id = p.tenant_id AND pl.plan_key = p.plan_key AND pl.meter_key = ANY (?::text[])
                       LIMIT 1
                  ) l ON true
            )""";
    /* Records the reset customers. Parameters: tenant, reset. */
    private static final String RECORDED = """
            , recorded AS (
                INSERT INTO usage_reset_customer (tenant_id, reset_id, customer_id)
                SELECT ?, ?, customer_id FROM classified WHERE status = 'reset'
                ON CONFLICT DO NOTHING
            )""";
    private static final String RESULT = " SELECT external_id, status, reason FROM classified ORDER BY ord";

    private final JdbcOperations jdbc;

    UsageResetPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        super(tenants, new BulkRunTable<>(jdbc, json, "usage_reset", "reset_id", "reset_count", "reset", new BulkRunTable.Columns<>() {
            @Override
            public List<String> names() {
                return List.of("reset_type", "meters");
            }

            @Override
            public void bind(PreparedStatement statement, int index, UsageReset reset) throws SQLException {
                statement.setString(index, reset.type().wireName());
                statement.setArray(index + 1, statement.getConnection().createArrayOf("text", meterKeys(reset.meters())));
            }

            @Override
            public UsageReset read(ResultSet rows, BulkRun run) throws SQLException {
                List<MeterKey> meters = Arrays.stream((String[]) rows.getArray("meters").getArray()).map(MeterKey::of).toList();
                return new UsageReset(run, type(rows.getString("reset_type")), meters);
            }
        }));
        this.jdbc = jdbc;
    }

    @Override
    BulkRun runOf(UsageReset record) {
        return record.run();
    }

    @Override
    public List<BulkOutcome> apply(TenantId tenant, UUID reset, CustomerSelection customers, List<MeterKey> meters, boolean dryRun) {
        long tenantId = tenants.require(tenant);
        String sql = CustomerSelections.candidates(customers) + CLASSIFIED + (dryRun ? "" : RECORDED) + RESULT;
        return jdbc.prepareStatement(sql, statement -> {
            int index = CustomerSelections.bind(statement, 1, tenantId, customers);
            statement.setLong(index, tenantId);
            statement.setArray(index + 1, statement.getConnection().createArrayOf("text", meterKeys(meters)));
            if (!dryRun) {
                statement.setLong(index + 2, tenantId);
                statement.setObject(index + 3, reset);
            }
            return table.readOutcomes(statement);
        });
    }

    @Override
    public Map<MeterKey, List<ResetMark>> marks(TenantId tenant, CustomerId customer) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(MARKS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? ResetMarks.read(rows) : Map.<MeterKey, List<ResetMark>>of();
            }
        });
    }

    private static ResetType type(String wireName) {
        return ResetType.fromWireName(wireName, "reset_type");
    }

    private static String[] meterKeys(List<MeterKey> meters) {
        return meters.stream().map(MeterKey::value).toArray(String[]::new);
    }
}
