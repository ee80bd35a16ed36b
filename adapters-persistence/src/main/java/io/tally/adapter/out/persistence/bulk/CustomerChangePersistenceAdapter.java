package io.tally.adapter.out.persistence.bulk;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.bulk.CustomerChangeStorePort;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerChange;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/*
 * Customer changes in `customer_change` (kept as every bulk action's records are: BulkRunTable), the customers each
 * changed, with their plan and status before and after, in `customer_change_customer` (V21). A change is two statements
 * whatever the number of customers: one locks the selected customers' rows (CustomerSelections), one classifies them,
 * changes those to change and records them; a revert is two as well. Each call runs on the surrounding transaction's
 * connection, or on one of its own outside a transaction.
 */
@Connectable
@Singleton
class CustomerChangePersistenceAdapter extends BulkRunStore<CustomerChange> implements CustomerChangeStorePort {

    /*
     * What the change sets (a null: that field stays), then each candidate classified: not found; skipped when erased
     * (a profile the single-customer path refuses to change), or when it already has what the change sets; else
     * changed. Parameters: the plan and the status set.
     */
    private static final String CLASSIFIED = """
            , target AS (
                SELECT CAST(? AS text) AS plan, CAST(? AS text) AS status
            ), classified AS (
                SELECT k.ord, k.external_id, k.customer_id, k.plan, k.status,
                       CASE WHEN k.customer_id IS NULL THEN 'not_found'
                            WHEN k.erased_at IS NOT NULL THEN 'skipped'
                            WHEN (t.plan IS NULL OR k.plan IS NOT DISTINCT FROM t.plan) AND (t.status IS NULL OR k.status = t.status)
                                THEN 'skipped'
                            ELSE 'changed' END AS outcome,
                       CASE WHEN k.customer_id IS NULL THEN NULL
                            WHEN k.erased_at IS NOT NULL THEN 'erased at their request'
                            WHEN (t.plan IS NULL OR k.plan IS NOT DISTINCT FROM t.plan) AND (t.status IS NULL OR k.status = t.status)
                                THEN 'already ' || concat_ws(' and ', 'on plan ' || t.plan, t.status)
                       END AS reason,
                       coalesce(t.plan, k.plan) AS plan_after, coalesce(t.status, k.status) AS status_after
                  FROM candidates k CROSS JOIN target t
            )""";
    /*
     * Changes the customers to change, as a profile update does (updated_at moves, for these only), and records each
     * one's plan and status before and after. The update finds them by primary key in an array rather than by a join
     * with the CTE, whose row count the planner cannot know (a nested loop over it would be quadratic). Parameters:
     * now, tenant; tenant, change.
     */
    private static final String CHANGED = """
            , changed AS (
                UPDATE customer c SET plan = coalesce(t.plan, c.plan), status = coalesce(t.status, c.status), updated_at = ?
                  FROM target t
                 WHERE c.tenant_id = ? AND c.customer_id = ANY (ARRAY(SELECT customer_id FROM classified WHERE outcome = 'changed'))
            ), recorded AS (
                INSERT INTO customer_change_customer (tenant_id, change_id, customer_id, plan_before, status_before, plan_after, status_after)
                SELECT ?, ?, customer_id, plan, status, plan_after, status_after FROM classified WHERE outcome = 'changed'
            )""";
    private static final String RESULT = " SELECT external_id, outcome, reason FROM classified ORDER BY ord";

    /* The rows of the customers a change changed, locked in customer_id order until the transaction ends. */
    private static final String LOCK_CHANGED = """
            SELECT c.customer_id FROM customer_change_customer cc
              JOIN customer c ON c.tenant_id = cc.tenant_id AND c.customer_id = cc.customer_id
             WHERE cc.tenant_id = ? AND cc.change_id = ?
             ORDER BY c.customer_id FOR UPDATE OF c""";
    /*
     * Each customer the change changed: put back when its plan and status are still what the change left and it was
     * not erased since, else kept as it is; marked either way, the counts recorded with the change. Every statement of
     * it sees the customers as they were before it. The writes join the tables by their keys, never a CTE (whose size
     * the planner cannot know). Parameters: tenant, change; now, tenant, change; tenant, change; tenant, change.
     */
    private static final String RESTORE = """
            WITH changed AS (
                SELECT c.external_id,
                       c.erased_at IS NULL AND c.plan IS NOT DISTINCT FROM cc.plan_after AND c.status = cc.status_after AS restorable,
                       CASE WHEN c.erased_at IS NOT NULL THEN 'erased at their request'
                            ELSE 'changed since: now ' || concat_ws(' and ', coalesce('on plan ' || c.plan, 'without a plan'), c.status)
                       END AS why
                  FROM customer_change_customer cc
                  JOIN customer c ON c.tenant_id = cc.tenant_id AND c.customer_id = cc.customer_id
                 WHERE cc.tenant_id = ? AND cc.change_id = ?
            ), restored AS (
                UPDATE customer c SET plan = cc.plan_before, status = cc.status_before, updated_at = ?
                  FROM customer_change_customer cc
                 WHERE cc.tenant_id = ? AND cc.change_id = ? AND c.tenant_id = cc.tenant_id AND c.customer_id = cc.customer_id
                   AND c.erased_at IS NULL AND c.plan IS NOT DISTINCT FROM cc.plan_after AND c.status = cc.status_after
            ), marked AS (
                UPDATE customer_change_customer cc
                   SET restored = c.erased_at IS NULL AND c.plan IS NOT DISTINCT FROM cc.plan_after AND c.status = cc.status_after
                  FROM customer c
                 WHERE cc.tenant_id = ? AND cc.change_id = ? AND c.tenant_id = cc.tenant_id AND c.customer_id = cc.customer_id
            ), counted AS (
                UPDATE customer_change
                   SET restored_count = (SELECT count(*) FROM changed WHERE restorable),
                       kept_count = (SELECT count(*) FROM changed WHERE NOT restorable)
                 WHERE tenant_id = ? AND change_id = ?
            )
            SELECT external_id, CASE WHEN restorable THEN 'changed' ELSE 'skipped' END, CASE WHEN NOT restorable THEN why END
              FROM changed ORDER BY external_id""";

    private final JdbcOperations jdbc;

    CustomerChangePersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        super(tenants, new BulkRunTable<>(jdbc, json, "customer_change", "change_id", "changed_count", "changed", new BulkRunTable.Columns<>() {
            @Override
            public List<String> names() {
                return List.of("set_plan", "set_status", "restored_count", "kept_count");
            }

            @Override
            public void bind(PreparedStatement statement, int index, CustomerChange change) throws SQLException {
                Sql.setText(statement, index, change.plan().orElse(null));
                Sql.setText(statement, index + 1, change.status().map(CustomerStatus::wireName).orElse(null));
                setCount(statement, index + 2, change.restoration().map(CustomerChange.Restoration::restored));
                setCount(statement, index + 3, change.restoration().map(CustomerChange.Restoration::kept));
            }

            @Override
            public CustomerChange read(ResultSet rows, BulkRun run) throws SQLException {
                int restored = rows.getInt("restored_count");
                Optional<CustomerChange.Restoration> restoration = rows.wasNull() ? Optional.empty()
                        : Optional.of(new CustomerChange.Restoration(restored, rows.getInt("kept_count")));
                return new CustomerChange(run, Optional.ofNullable(rows.getString("set_plan")),
                        Optional.ofNullable(rows.getString("set_status")).map(CustomerStatus::fromWireName), restoration);
            }
        }));
        this.jdbc = jdbc;
    }

    @Override
    BulkRun runOf(CustomerChange record) {
        return record.run();
    }

    private static void setCount(PreparedStatement statement, int index, Optional<Integer> count) throws SQLException {
        if (count.isPresent()) {
            statement.setInt(index, count.get());
        } else {
            statement.setNull(index, java.sql.Types.INTEGER);
        }
    }

    @Override
    public List<BulkOutcome> apply(TenantId tenant, CustomerChange change, CustomerSelection customers, boolean dryRun, Instant now) {
        long tenantId = tenants.require(tenant);
        if (!dryRun) {
            jdbc.prepareStatement(CustomerSelections.lock(customers), statement -> {
                CustomerSelections.bindLock(statement, tenantId, customers);
                try (ResultSet rows = statement.executeQuery()) {
                    int locked = 0;
                    while (rows.next()) {
                        locked++;
                    }
                    return locked;
                }
            });
        }
        String sql = CustomerSelections.candidates(customers) + CLASSIFIED + (dryRun ? "" : CHANGED) + RESULT;
        return jdbc.prepareStatement(sql, statement -> {
            int index = CustomerSelections.bind(statement, 1, tenantId, customers);
            Sql.setText(statement, index, change.plan().orElse(null));
            Sql.setText(statement, index + 1, change.status().map(CustomerStatus::wireName).orElse(null));
            if (!dryRun) {
                Sql.setInstant(statement, index + 2, now);
                statement.setLong(index + 3, tenantId);
                statement.setLong(index + 4, tenantId);
                statement.setObject(index + 5, change.run().id());
            }
            return table.readOutcomes(statement);
        });
    }

    @Override
    public List<BulkOutcome> restore(TenantId tenant, UUID change, Instant now) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(LOCK_CHANGED, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, change);
            try (ResultSet rows = statement.executeQuery()) {
                int locked = 0;
                while (rows.next()) {
                    locked++;
                }
                return locked;
            }
        });
        return jdbc.prepareStatement(RESTORE, statement -> {
            Sql.bind(statement, tenantId, change, now, tenantId, change, tenantId, change, tenantId, change);
            return table.readOutcomes(statement);
        });
    }
}
