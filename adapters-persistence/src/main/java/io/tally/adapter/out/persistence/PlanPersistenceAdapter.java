package io.tally.adapter.out.persistence;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.application.port.out.PlanStorePort;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.plan.Enforcement;
import io.tally.domain.plan.LimitPeriod;
import io.tally.domain.plan.Plan;
import io.tally.domain.plan.PlanLimit;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/*
 * Plans in `plan`, their limits as rows of `plan_limit` in the plan's order (`position`). Each call runs on the
 * surrounding transaction's connection, or on one of its own outside a transaction.
 */
@Connectable
@Singleton
class PlanPersistenceAdapter implements PlanStorePort {

    private static final String INSERT = """
            INSERT INTO plan (tenant_id, plan_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, plan_key) DO NOTHING""";
    private static final String UPDATE = "UPDATE plan SET name = ?, updated_at = ? WHERE tenant_id = ? AND plan_key = ?";
    private static final String DELETE_LIMITS = "DELETE FROM plan_limit WHERE tenant_id = ? AND plan_key = ?";
    /* All of a plan's limits in one statement, whatever their number. */
    private static final String INSERT_LIMITS = """
            INSERT INTO plan_limit (tenant_id, plan_key, meter_key, amount, period, enforcement, position, alert_at_pct)
            SELECT ?, ?, l.meter_key, l.amount, l.period, l.enforcement, l.position, string_to_array(l.alert_at_pct, ',')::integer[]
              FROM unnest(?::text[], ?::numeric[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                   AS l (meter_key, amount, period, enforcement, alert_at_pct, position)""";
    /* A plan without limits still has its row: hence the left join. */
    private static final String SELECT = """
            SELECT p.plan_key, p.name, l.meter_key, l.amount, l.period, l.enforcement, array_to_string(l.alert_at_pct, ',') AS alert_at_pct
              FROM plan p
              LEFT JOIN plan_limit l ON l.tenant_id = p.tenant_id AND l.plan_key = p.plan_key
             WHERE p.tenant_id = ?""";
    private static final String ORDER = " ORDER BY p.plan_key, l.position";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;

    PlanPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @Override
    public boolean create(TenantId tenant, Plan plan, Instant now) {
        long tenantId = tenants.require(tenant);
        boolean created = jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, plan.key());
            statement.setString(3, plan.name());
            Sql.setInstant(statement, 4, now);
            Sql.setInstant(statement, 5, now);
            return statement.executeUpdate() == 1;
        });
        if (created) {
            insertLimits(tenantId, plan);
        }
        return created;
    }

    @Override
    public boolean update(TenantId tenant, Plan plan, Instant now) {
        long tenantId = tenants.require(tenant);
        boolean updated = jdbc.prepareStatement(UPDATE, statement -> {
            statement.setString(1, plan.name());
            Sql.setInstant(statement, 2, now);
            statement.setLong(3, tenantId);
            statement.setString(4, plan.key());
            return statement.executeUpdate() == 1;
        });
        if (updated) {
            jdbc.prepareStatement(DELETE_LIMITS, statement -> {
                statement.setLong(1, tenantId);
                statement.setString(2, plan.key());
                return statement.executeUpdate();
            });
            insertLimits(tenantId, plan);
        }
        return updated;
    }

    @Override
    public Optional<Plan> find(TenantId tenant, String key) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SELECT + " AND p.plan_key = ?" + ORDER, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key);
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public List<Plan> list(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SELECT + ORDER, statement -> {
            statement.setLong(1, tenantId);
            return readAll(statement);
        });
    }

    private void insertLimits(long tenantId, Plan plan) {
        List<PlanLimit> limits = plan.limits();
        if (limits.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(INSERT_LIMITS, statement -> {
            Connection connection = statement.getConnection();
            statement.setLong(1, tenantId);
            statement.setString(2, plan.key());
            statement.setArray(3, connection.createArrayOf("text", limits.stream().map(limit -> limit.meter().value()).toArray()));
            statement.setArray(4, connection.createArrayOf("numeric", limits.stream().map(PlanLimit::amount).toArray()));
            statement.setArray(5, connection.createArrayOf("text", limits.stream().map(limit -> limit.period().wireName()).toArray()));
            statement.setArray(6, connection.createArrayOf("text", limits.stream().map(limit -> limit.enforcement().wireName()).toArray()));
            statement.setArray(7, connection.createArrayOf("text", limits.stream().map(limit -> String.join(",", limit.alertAtPct().stream()
                    .map(String::valueOf).toList())).toArray()));
            return statement.executeUpdate();
        });
    }

    private static List<Integer> percentages(String text) {
        return text == null || text.isEmpty() ? List.of() : java.util.Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }

    /* Rows come by plan, then by position; a plan without limits has one row with null limit columns. */
    private static List<Plan> readAll(PreparedStatement statement) throws SQLException {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<PlanLimit>> limits = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String key = rows.getString("plan_key");
                names.putIfAbsent(key, rows.getString("name"));
                List<PlanLimit> ofPlan = limits.computeIfAbsent(key, k -> new ArrayList<>());
                String meter = rows.getString("meter_key");
                if (meter != null) {
                    BigDecimal amount = rows.getBigDecimal("amount");
                    ofPlan.add(new PlanLimit(MeterKey.of(meter), amount, LimitPeriod.fromWireName(rows.getString("period"), "period"),
                            Enforcement.fromWireName(rows.getString("enforcement"), "enforcement"), percentages(rows.getString("alert_at_pct"))));
                }
            }
        }
        List<Plan> plans = new ArrayList<>(names.size());
        names.forEach((key, name) -> plans.add(new Plan(key, name, limits.get(key))));
        return plans;
    }
}
