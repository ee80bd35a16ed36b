package io.tally.adapter.out.persistence.query;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.application.port.out.MetricTargetStorePort;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetComparison;
import io.tally.domain.target.TargetPeriod;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Metric targets in {@code metric_target} (V18): '' stands for no customer (the tenant's figure) and for no currency. */
@Connectable
@Singleton
class MetricTargetPersistenceAdapter implements MetricTargetStorePort {

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;

    MetricTargetPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @Override
    public List<MetricTarget> list(TenantId tenant, MetricKey metric) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("""
                SELECT customer, period, comparison, currency, value FROM metric_target WHERE tenant_id = ? AND metric_key = ?
                 ORDER BY customer <> '', customer,
                          array_position(ARRAY['day', 'week', 'month', 'quarter'], period), comparison, currency""", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, metric.value());
            List<MetricTarget> targets = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String customer = rows.getString(1);
                    String currency = rows.getString(4);
                    targets.add(new MetricTarget(metric, customer.isEmpty() ? Optional.empty() : Optional.of(CustomerId.of(customer)),
                            TargetPeriod.fromWireName(rows.getString(2), "period"), TargetComparison.fromWireName(rows.getString(3), "comparison"),
                            rows.getBigDecimal(5), currency.isEmpty() ? Optional.empty() : Optional.of(CurrencyCode.of(currency))));
                }
            }
            return targets;
        });
    }

    @Override
    public void replace(TenantId tenant, MetricKey metric, List<MetricTarget> targets, Instant now) {
        long tenantId = tenants.require(tenant);
        jdbc.prepareStatement("DELETE FROM metric_target WHERE tenant_id = ? AND metric_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, metric.value());
            return statement.executeUpdate();
        });
        if (!targets.isEmpty()) {
            jdbc.prepareStatement("""
                    INSERT INTO metric_target (tenant_id, metric_key, customer, period, comparison, currency, value, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", statement -> {
                for (MetricTarget target : targets) {
                    statement.setLong(1, tenantId);
                    statement.setString(2, metric.value());
                    statement.setString(3, target.customer().map(CustomerId::value).orElse(""));
                    statement.setString(4, target.period().wireName());
                    statement.setString(5, target.comparison().wireName());
                    statement.setString(6, target.currency().map(CurrencyCode::value).orElse(""));
                    statement.setBigDecimal(7, target.value());
                    statement.setTimestamp(8, Timestamp.from(now));
                    statement.addBatch();
                }
                return statement.executeBatch();
            });
        }
    }
}
