package io.tally.adapter.out.persistence.query;

import io.tally.adapter.out.persistence.DataWatermarks;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.application.port.out.MetricStorePort;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A tenant's own metrics in {@code metric} (V7, V9), one row each, the formula in columns by its kind. */
@Connectable
@Singleton
class MetricPersistenceAdapter implements MetricStorePort {

    private static final String COLUMNS = """
            metric_key, name, description, unit, polarity, decimals, formula_kind, formula_meter, formula_parts, formula_scale,
            formula_dimension, formula_statistic""";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM metric WHERE tenant_id = ?";
    private static final String INSERT = """
            INSERT INTO metric (tenant_id, metric_key, name, description, unit, polarity, decimals, formula_kind, formula_meter,
                                formula_parts, formula_scale, formula_dimension, formula_statistic, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, metric_key) DO NOTHING""";
    private static final String UPDATE = """
            UPDATE metric SET name = ?, description = ?, unit = ?, polarity = ?, decimals = ?, formula_kind = ?, formula_meter = ?,
                   formula_parts = ?, formula_scale = ?, formula_dimension = ?, formula_statistic = ?, updated_at = ?
             WHERE tenant_id = ? AND metric_key = ?""";
    /** One advisory lock per tenant for its metric definitions (the first key tells the lock's purpose apart). */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(7001, ?)";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final DataWatermarks watermarks;

    MetricPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, DataWatermarks watermarks) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.watermarks = watermarks;
    }

    @Override
    public Optional<Metric> find(TenantId tenant, MetricKey key) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SELECT + " AND metric_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public List<Metric> list(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(SELECT + " ORDER BY metric_key", statement -> {
            statement.setLong(1, tenantId);
            return readAll(statement);
        });
    }

    @Override
    public void lock(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement(LOCK, statement -> {
            statement.setInt(1, (int) (tenantId ^ (tenantId >>> 32)));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }

    @Override
    public boolean create(TenantId tenant, Metric metric, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, metric.key().value());
            int next = bindDefinition(statement, 3, metric);
            Sql.setInstant(statement, next, now);
            Sql.setInstant(statement, next + 1, now);
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    @Override
    public boolean update(TenantId tenant, Metric metric, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(UPDATE, statement -> {
            int next = bindDefinition(statement, 1, metric);
            Sql.setInstant(statement, next, now);
            statement.setLong(next + 1, tenantId);
            statement.setString(next + 2, metric.key().value());
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    @Override
    public boolean delete(TenantId tenant, MetricKey key) {
        long tenantId = tenants.require(tenant);
        // its targets go with it (built-in metrics' targets have no metric row to refer to, so there is no foreign key)
        jdbc.prepareStatement("DELETE FROM metric_target WHERE tenant_id = ? AND metric_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return statement.executeUpdate();
        });
        return jdbc.prepareStatement("DELETE FROM metric WHERE tenant_id = ? AND metric_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    /** A metric's definition changes figures: the tenant's data watermark moves on. */
    private boolean changed(long tenantId) {
        watermarks.advance(tenantId);
        return true;
    }

    /** Binds name … formula_statistic from {@code index} on; returns the next index. */
    private static int bindDefinition(PreparedStatement statement, int index, Metric metric) throws SQLException {
        statement.setString(index, metric.name());
        Sql.setText(statement, index + 1, metric.description().orElse(null));
        statement.setString(index + 2, metric.unit().wireName());
        statement.setString(index + 3, metric.polarity().wireName());
        if (metric.decimals().isPresent()) {
            statement.setInt(index + 4, metric.decimals().get());
        } else {
            statement.setNull(index + 4, Types.INTEGER);
        }
        Formula formula = metric.formula();
        String kind = switch (formula) {
            case Formula.OfMeter meter -> "meter";
            case Formula.Ratio ratio -> "ratio";
            case Formula.Sum sum -> "sum";
            case Formula.Difference difference -> "difference";
            case Formula.PerCustomer perCustomer -> "per_customer";
            case Formula.PerItem perItem -> "per_item";
            case Formula.OfBilling billing -> throw new IllegalArgumentException("billing formulas are built in only");
        };
        statement.setString(index + 5, kind);
        Sql.setText(statement, index + 6, formula instanceof Formula.OfMeter meter ? meter.meter().value() : null);
        statement.setArray(index + 7, statement.getConnection().createArrayOf("text",
                formula.references().stream().map(MetricKey::value).toArray()));
        if (formula instanceof Formula.Ratio ratio) {
            statement.setBigDecimal(index + 8, ratio.scale());
        } else {
            statement.setNull(index + 8, Types.NUMERIC);
        }
        Sql.setText(statement, index + 9, formula instanceof Formula.PerItem perItem ? perItem.dimension() : null);
        Sql.setText(statement, index + 10, formula instanceof Formula.PerItem perItem ? perItem.statistic().wireName() : null);
        return index + 11;
    }

    private static List<Metric> readAll(PreparedStatement statement) throws SQLException {
        List<Metric> metrics = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int decimals = rows.getInt("decimals");
                Optional<Integer> places = rows.wasNull() ? Optional.empty() : Optional.of(decimals);
                List<MetricKey> parts = Arrays.stream((String[]) rows.getArray("formula_parts").getArray()).map(MetricKey::of).toList();
                Formula formula = switch (rows.getString("formula_kind")) {
                    case "meter" -> new Formula.OfMeter(MeterKey.of(rows.getString("formula_meter")));
                    case "ratio" -> new Formula.Ratio(parts.get(0), parts.get(1), rows.getBigDecimal("formula_scale"));
                    case "sum" -> new Formula.Sum(parts);
                    case "difference" -> new Formula.Difference(parts);
                    case "per_customer" -> new Formula.PerCustomer(parts.getFirst());
                    case "per_item" -> new Formula.PerItem(parts.getFirst(), rows.getString("formula_dimension"),
                            Formula.Statistic.fromWireName(rows.getString("formula_statistic"), "formula_statistic"));
                    default -> throw new IllegalStateException("unknown formula kind " + rows.getString("formula_kind"));
                };
                metrics.add(new Metric(MetricKey.of(rows.getString("metric_key")), rows.getString("name"),
                        Optional.ofNullable(rows.getString("description")), MetricUnit.fromWireName(rows.getString("unit"), "unit"),
                        Polarity.fromWireName(rows.getString("polarity"), "polarity"), places, formula, false));
            }
        }
        return metrics;
    }
}
