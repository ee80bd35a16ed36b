package io.tally.adapter.out.persistence.delivery;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deliveries and their attempts in a pair of tables of the same shape: a schedule run's ({@code schedule_delivery},
 * {@code delivery_attempt}, V11) or an alert event's notifications ({@code alert_notification},
 * {@code alert_notification_attempt}, V12). A delivery is one per source (run or event) and channel position; writing it
 * again changes nothing.
 *
 * @param table the deliveries' table: {@code tenant_id, delivery_id, <source>, position, channel, status, next_attempt_at}
 * @param source the column of the run's or event's id
 * @param attempts the attempts' table: {@code tenant_id, delivery_id, attempt, at, succeeded, reply, error, duration_ms}
 */
public record DeliveryTables(String table, String source, String attempts) {

    /** Binds the parameters of a condition, from the second on (the first is the tenant). */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    public void insert(JdbcOperations jdbc, TransactionOperations<Connection> transactions, JsonMapper json, long tenantId,
                       List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            transactions.executeWrite(status -> jdbc.prepareStatement("INSERT INTO " + table + " (tenant_id, delivery_id, " + source
                    + ", position, channel, status, next_attempt_at) VALUES (?, ?, ?, ?, CAST(? AS json), ?, ?) ON CONFLICT (tenant_id, " + source
                    + ", position) DO NOTHING", statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, delivery.id());
                statement.setObject(3, delivery.source());
                statement.setInt(4, delivery.position());
                statement.setString(5, JsonColumns.write(json, delivery.channel().json()));
                statement.setString(6, delivery.status().wireName());
                Sql.setInstant(statement, 7, delivery.nextAttemptAt().orElse(null));
                return statement.executeUpdate();
            }));
        }
    }

    /** Deliveries matching a condition on {@code d} (its parameters from the second on), each with its attempts, by source and position. */
    public List<Delivery> find(JdbcOperations jdbc, JsonMapper json, long tenantId, String condition, Binder binder) {
        return jdbc.prepareStatement("SELECT d.delivery_id, d." + source + " AS source_id, d.position, d.channel, d.status, d.next_attempt_at,"
                + " a.attempt, a.at, a.succeeded, a.reply, a.error, a.duration_ms FROM " + table + " d LEFT JOIN " + attempts
                + " a ON a.tenant_id = d.tenant_id AND a.delivery_id = d.delivery_id WHERE d.tenant_id = ? AND " + condition
                + " ORDER BY d." + source + ", d.position, a.attempt", statement -> {
            statement.setLong(1, tenantId);
            binder.bind(statement);
            List<Delivery> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                UUID current = null;
                List<Delivery.Attempt> tried = new ArrayList<>();
                Delivery head = null;
                while (rows.next()) {
                    UUID id = rows.getObject("delivery_id", UUID.class);
                    if (!id.equals(current)) {
                        if (head != null) {
                            found.add(withAttempts(head, tried));
                        }
                        current = id;
                        tried = new ArrayList<>();
                        head = new Delivery(id, rows.getObject("source_id", UUID.class), rows.getInt("position"),
                                Channel.read(JsonColumns.readObject(json, rows.getString("channel")), "channel"),
                                Delivery.Status.fromWireName(rows.getString("status")), List.of(),
                                Optional.ofNullable(Sql.getInstant(rows, "next_attempt_at")));
                    }
                    int number = rows.getInt("attempt");
                    if (!rows.wasNull()) {
                        tried.add(new Delivery.Attempt(number, Sql.getInstant(rows, "at"), rows.getBoolean("succeeded"),
                                Optional.ofNullable(rows.getString("reply")), Optional.ofNullable(rows.getString("error")),
                                Duration.ofMillis(rows.getLong("duration_ms"))));
                    }
                }
                if (head != null) {
                    found.add(withAttempts(head, tried));
                }
            }
            return found;
        });
    }

    /** Records an attempt, and the delivery's status after it and when the next attempt is due, in one transaction. */
    public void recordAttempt(JdbcOperations jdbc, TransactionOperations<Connection> transactions, long tenantId, UUID delivery,
                              Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> nextAttemptAt) {
        transactions.executeWrite(tx -> {
            jdbc.prepareStatement("INSERT INTO " + attempts + " (tenant_id, delivery_id, attempt, at, succeeded, reply, error, duration_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setLong(1, tenantId);
                statement.setObject(2, delivery);
                statement.setInt(3, attempt.number());
                Sql.setInstant(statement, 4, attempt.at());
                statement.setBoolean(5, attempt.succeeded());
                Sql.setText(statement, 6, attempt.reply().orElse(null));
                Sql.setText(statement, 7, attempt.error().orElse(null));
                statement.setLong(8, attempt.duration().toMillis());
                return statement.executeUpdate();
            });
            return jdbc.prepareStatement("UPDATE " + table + " SET status = ?, next_attempt_at = ? WHERE tenant_id = ? AND delivery_id = ?",
                    statement -> {
                        statement.setString(1, status.wireName());
                        Sql.setInstant(statement, 2, nextAttemptAt.orElse(null));
                        statement.setLong(3, tenantId);
                        statement.setObject(4, delivery);
                        return statement.executeUpdate();
                    });
        });
    }

    private static Delivery withAttempts(Delivery head, List<Delivery.Attempt> attempts) {
        return new Delivery(head.id(), head.source(), head.position(), head.channel(), head.status(), attempts, head.nextAttemptAt());
    }
}
