package io.tally.adapter.out.persistence.alert;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.adapter.out.persistence.TenantKeys;
import io.tally.adapter.out.persistence.delivery.DeliveryTables;
import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertRuleDefinition;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.alert.Severity;
import io.tally.domain.alert.SubjectState;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rules ({@code alert_rule}, the definition kept as the JSON the API takes), their states, events and the
 * notifications outbox with its attempts (V12). A subject is stored as {@code ''} for the tenant, else the customer's id.
 */
@Connectable
@Singleton
class AlertPersistenceAdapter implements AlertStorePort {

    private static final DeliveryTables NOTIFICATIONS = new DeliveryTables("alert_notification", "event_id", "alert_notification_attempt");
    private static final String RULE_COLUMNS = "rule_id, definition, version, created_by, created_at, updated_by, updated_at";
    private static final String EVENT_COLUMNS = "event_id, kind, rule_id, rule_name, severity, subject, from_state, to_state, value, threshold, at, notified";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final TenantKeys tenants;
    private final JsonMapper json;

    AlertPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public void create(TenantId tenant, AlertRule rule) {
        long tenantId = tenants.require(tenant);
        write("""
                INSERT INTO alert_rule (tenant_id, rule_id, definition, enabled, version, created_by, created_at, updated_by, updated_at)
                VALUES (?, ?, CAST(? AS json), ?, ?, ?, ?, ?, ?)""", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, rule.id());
            statement.setString(3, JsonColumns.write(json, rule.definition().json()));
            statement.setBoolean(4, rule.definition().enabled());
            statement.setInt(5, rule.version());
            statement.setString(6, rule.createdBy());
            Sql.setInstant(statement, 7, rule.createdAt());
            statement.setString(8, rule.updatedBy());
            Sql.setInstant(statement, 9, rule.updatedAt());
        });
    }

    @Override
    public Optional<AlertRule> find(TenantId tenant, UUID id) {
        return findRule(tenant, id, "");
    }

    @Override
    public Optional<AlertRule> findForUpdate(TenantId tenant, UUID id) {
        return findRule(tenant, id, " FOR UPDATE");
    }

    private Optional<AlertRule> findRule(TenantId tenant, UUID id, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE tenant_id = ? AND rule_id = ?" + lock, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return rules(statement).stream().findFirst();
        });
    }

    @Override
    public List<AlertRule> list(TenantId tenant, Optional<UUID> after, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alert_rule WHERE tenant_id = ?"
                + (after.isPresent() ? " AND rule_id > ?" : "") + " ORDER BY rule_id LIMIT ?", statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            if (after.isPresent()) {
                statement.setObject(i++, after.get());
            }
            statement.setInt(i, limit);
            return rules(statement);
        });
    }

    @Override
    public void update(TenantId tenant, AlertRule rule) {
        long tenantId = tenants.require(tenant);
        write("""
                UPDATE alert_rule SET definition = CAST(? AS json), enabled = ?, version = ?, updated_by = ?, updated_at = ?
                 WHERE tenant_id = ? AND rule_id = ?""", statement -> {
            statement.setString(1, JsonColumns.write(json, rule.definition().json()));
            statement.setBoolean(2, rule.definition().enabled());
            statement.setInt(3, rule.version());
            statement.setString(4, rule.updatedBy());
            Sql.setInstant(statement, 5, rule.updatedAt());
            statement.setLong(6, tenantId);
            statement.setObject(7, rule.id());
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return write("DELETE FROM alert_rule WHERE tenant_id = ? AND rule_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
        }) == 1;
    }

    @Override
    public List<Enabled> enabled() {
        return jdbc.prepareStatement("SELECT t.tenant_key, r." + RULE_COLUMNS.replace(", ", ", r.")
                + " FROM alert_rule r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE r.enabled ORDER BY r.tenant_id, r.rule_id", statement -> {
            List<Enabled> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new Enabled(TenantId.of(rows.getString("tenant_key")), rule(rows)));
                }
            }
            return found;
        });
    }

    @Override
    public List<StoredState> states(TenantId tenant, UUID rule) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT subject, state, breaches, since, value, evaluated_at FROM alert_state"
                + " WHERE tenant_id = ? AND rule_id = ? ORDER BY subject", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, rule);
            List<StoredState> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredState(subject(rows.getString("subject")), new SubjectState(AlertState.fromWireName(rows.getString("state")),
                            rows.getInt("breaches"), Sql.getInstant(rows, "since")), Optional.ofNullable(rows.getBigDecimal("value")),
                            Sql.getInstant(rows, "evaluated_at")));
                }
            }
            return found;
        });
    }

    @Override
    public void saveStates(TenantId tenant, UUID rule, List<StoredState> states, Instant at) {
        long tenantId = tenants.require(tenant);
        transactions.executeWrite(status -> {
            jdbc.prepareStatement("DELETE FROM alert_state WHERE tenant_id = ? AND rule_id = ?", statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, rule);
                return statement.executeUpdate();
            });
            jdbc.prepareStatement("""
                    INSERT INTO alert_state (tenant_id, rule_id, subject, state, breaches, since, value, evaluated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", statement -> {
                for (StoredState stored : states) {
                    statement.setLong(1, tenantId);
                    statement.setObject(2, rule);
                    statement.setString(3, key(stored.subject()));
                    statement.setString(4, stored.state().state().wireName());
                    statement.setInt(5, stored.state().breaches());
                    Sql.setInstant(statement, 6, stored.state().since());
                    statement.setBigDecimal(7, stored.value().orElse(null));
                    Sql.setInstant(statement, 8, stored.evaluatedAt());
                    statement.addBatch();
                }
                return statement.executeBatch();
            });
            return jdbc.prepareStatement("UPDATE alert_rule SET last_evaluated_at = ?, last_error = NULL WHERE tenant_id = ? AND rule_id = ?",
                    statement -> {
                        Sql.setInstant(statement, 1, at);
                        statement.setLong(2, tenantId);
                        statement.setObject(3, rule);
                        return statement.executeUpdate();
                    });
        });
    }

    @Override
    public void recordFailure(TenantId tenant, UUID rule, Instant at, String error) {
        long tenantId = tenants.require(tenant);
        write("UPDATE alert_rule SET last_evaluated_at = ?, last_error = ? WHERE tenant_id = ? AND rule_id = ?", statement -> {
            Sql.setInstant(statement, 1, at);
            statement.setString(2, error);
            statement.setLong(3, tenantId);
            statement.setObject(4, rule);
        });
    }

    @Override
    public Optional<LastEvaluation> lastEvaluation(TenantId tenant, UUID rule) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT last_evaluated_at, last_error FROM alert_rule WHERE tenant_id = ? AND rule_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, rule);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getTimestamp(1) == null) {
                    return Optional.<LastEvaluation>empty();
                }
                return Optional.of(new LastEvaluation(Sql.getInstant(rows, "last_evaluated_at"), Optional.ofNullable(rows.getString("last_error"))));
            }
        });
    }

    @Override
    public void addEvent(TenantId tenant, AlertEvent event, List<Delivery> notifications) {
        long tenantId = tenants.require(tenant);
        transactions.executeWrite(status -> {
            jdbc.prepareStatement("INSERT INTO alert_event (tenant_id, " + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setLong(1, tenantId);
                        statement.setObject(2, event.id());
                        statement.setString(3, event.kind().wireName());
                        statement.setObject(4, event.rule().orElse(null));
                        statement.setString(5, event.ruleName());
                        statement.setString(6, event.severity().wireName());
                        statement.setString(7, key(event.subject()));
                        statement.setString(8, event.from().wireName());
                        statement.setString(9, event.to().wireName());
                        statement.setBigDecimal(10, event.value().orElse(null));
                        statement.setBigDecimal(11, event.threshold());
                        Sql.setInstant(statement, 12, event.at());
                        statement.setBoolean(13, event.notified());
                        return statement.executeUpdate();
                    });
            NOTIFICATIONS.insert(jdbc, transactions, json, tenantId, notifications);
            return null;
        });
    }

    @Override
    public Optional<AlertEvent> findEvent(TenantId tenant, UUID id) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM alert_event WHERE tenant_id = ? AND event_id = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return events(statement).stream().findFirst();
        });
    }

    @Override
    public List<AlertEvent> history(TenantId tenant, UUID rule, Optional<EventCursor> before, int limit) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM alert_event WHERE tenant_id = ? AND rule_id = ?"
                + (before.isPresent() ? " AND (at, event_id) < (?, ?)" : "") + " ORDER BY at DESC, event_id DESC LIMIT ?", statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            statement.setObject(i++, rule);
            if (before.isPresent()) {
                Sql.setInstant(statement, i++, before.get().at());
                statement.setObject(i++, before.get().id());
            }
            statement.setInt(i, limit);
            return events(statement);
        });
    }

    @Override
    public List<AlertEvent> notifiedEvents(TenantId tenant, EventFilter filter, Optional<EventCursor> before, int limit) {
        long tenantId = tenants.require(tenant);
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM alert_event WHERE tenant_id = ? AND notified");
        filter.severity().ifPresent(severity -> sql.append(" AND severity = ?"));
        filter.rule().ifPresent(rule -> sql.append(" AND rule_id = ?"));
        filter.subject().ifPresent(subject -> sql.append(" AND subject = ?"));
        filter.from().ifPresent(from -> sql.append(" AND at >= ?"));
        filter.to().ifPresent(to -> sql.append(" AND at < ?"));
        before.ifPresent(cursor -> sql.append(" AND (at, event_id) < (?, ?)"));
        sql.append(" ORDER BY at DESC, event_id DESC LIMIT ?");
        return jdbc.prepareStatement(sql.toString(), statement -> {
            int i = 1;
            statement.setLong(i++, tenantId);
            if (filter.severity().isPresent()) {
                statement.setString(i++, filter.severity().get().wireName());
            }
            if (filter.rule().isPresent()) {
                statement.setObject(i++, filter.rule().get());
            }
            if (filter.subject().isPresent()) {
                statement.setString(i++, filter.subject().get().equals("tenant") ? "" : filter.subject().get());
            }
            if (filter.from().isPresent()) {
                Sql.setInstant(statement, i++, filter.from().get());
            }
            if (filter.to().isPresent()) {
                Sql.setInstant(statement, i++, filter.to().get());
            }
            if (before.isPresent()) {
                Sql.setInstant(statement, i++, before.get().at());
                statement.setObject(i++, before.get().id());
            }
            statement.setInt(i, limit);
            return events(statement);
        });
    }

    @Override
    public List<Delivery> notifications(TenantId tenant, UUID event) {
        return NOTIFICATIONS.find(jdbc, json, tenants.require(tenant), "d.event_id = ?", statement -> statement.setObject(2, event));
    }

    @Override
    public Optional<Delivery> findNotification(TenantId tenant, UUID id) {
        return NOTIFICATIONS.find(jdbc, json, tenants.require(tenant), "d.delivery_id = ?", statement -> statement.setObject(2, id))
                .stream().findFirst();
    }

    @Override
    public void recordAttempt(TenantId tenant, UUID notification, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> next) {
        NOTIFICATIONS.recordAttempt(jdbc, transactions, tenants.require(tenant), notification, attempt, status, next);
    }

    @Override
    public List<Pending> pendingNotifications(Instant before, int limit) {
        return jdbc.prepareStatement("""
                SELECT t.tenant_key, n.delivery_id, n.next_attempt_at FROM alert_notification n JOIN tenant t ON t.tenant_id = n.tenant_id
                 WHERE n.status = 'pending' AND n.next_attempt_at < ? ORDER BY n.next_attempt_at LIMIT ?""", statement -> {
            Sql.setInstant(statement, 1, before);
            statement.setInt(2, limit);
            List<Pending> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new Pending(TenantId.of(rows.getString(1)), rows.getObject(2, UUID.class), Sql.getInstant(rows, "next_attempt_at")));
                }
            }
            return found;
        });
    }

    @Override
    public List<Channel> defaultChannels(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT alert_channels FROM tenant WHERE tenant_id = ?", statement -> {
            statement.setLong(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    return List.<Channel>of();
                }
                List<Channel> channels = new ArrayList<>();
                for (Object channel : JsonColumns.read(json, rows.getString(1), Argument.listOf(Object.class))) {
                    channels.add(Channel.read(channel, "alert_channels"));
                }
                return channels;
            }
        });
    }

    @Override
    public void saveDefaultChannels(TenantId tenant, List<Channel> channels) {
        long tenantId = tenants.require(tenant);
        write("UPDATE tenant SET alert_channels = CAST(? AS json) WHERE tenant_id = ?", statement -> {
            statement.setString(1, JsonColumns.write(json, channels.stream().map(Channel::json).toList()));
            statement.setLong(2, tenantId);
        });
    }

    @Override
    public boolean recordQuotaCrossing(TenantId tenant, CustomerId customer, String meter, Instant periodStart, int pct, UUID event) {
        long tenantId = tenants.require(tenant);
        return write("""
                INSERT INTO quota_alert (tenant_id, customer, meter_key, period_start, pct, event_id) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            statement.setString(3, meter);
            Sql.setInstant(statement, 4, periodStart);
            statement.setInt(5, pct);
            statement.setObject(6, event);
        }) == 1;
    }

    @Override
    public List<TenantId> tenantsWithQuotaAlerts() {
        return jdbc.prepareStatement("""
                SELECT t.tenant_key FROM tenant t
                 WHERE EXISTS (SELECT 1 FROM plan_limit l WHERE l.tenant_id = t.tenant_id AND cardinality(l.alert_at_pct) > 0)
                 ORDER BY t.tenant_id""", statement -> {
            List<TenantId> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(TenantId.of(rows.getString(1)));
                }
            }
            return found;
        });
    }

    private List<AlertRule> rules(PreparedStatement statement) throws SQLException {
        List<AlertRule> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(rule(rows));
            }
        }
        return found;
    }

    private AlertRule rule(ResultSet rows) throws SQLException {
        return new AlertRule(rows.getObject("rule_id", UUID.class), AlertRuleDefinition.read(JsonColumns.readObject(json, rows.getString("definition"))),
                rows.getInt("version"), rows.getString("created_by"), Sql.getInstant(rows, "created_at"), rows.getString("updated_by"),
                Sql.getInstant(rows, "updated_at"));
    }

    private static List<AlertEvent> events(PreparedStatement statement) throws SQLException {
        List<AlertEvent> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(new AlertEvent(rows.getObject("event_id", UUID.class), AlertEvent.Kind.valueOf(rows.getString("kind").toUpperCase(Locale.ROOT)),
                        Optional.ofNullable(rows.getObject("rule_id", UUID.class)), rows.getString("rule_name"),
                        Severity.fromWireName(rows.getString("severity"), "severity"), subject(rows.getString("subject")),
                        AlertState.fromWireName(rows.getString("from_state")), AlertState.fromWireName(rows.getString("to_state")),
                        Optional.ofNullable(rows.getBigDecimal("value")), rows.getBigDecimal("threshold"), Sql.getInstant(rows, "at"),
                        rows.getBoolean("notified")));
            }
        }
        return found;
    }

    private static String key(AlertSubject subject) {
        return subject.customer().map(CustomerId::value).orElse("");
    }

    private static AlertSubject subject(String key) {
        return key.isEmpty() ? AlertSubject.TENANT : AlertSubject.of(CustomerId.of(key));
    }

    /** Runs a write in the surrounding transaction, or a transaction of its own; answers the rows changed. */
    private int write(String sql, DeliveryTables.Binder binder) {
        return transactions.executeWrite(status -> jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            return statement.executeUpdate();
        }));
    }
}
