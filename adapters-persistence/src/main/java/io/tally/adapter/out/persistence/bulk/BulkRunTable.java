package io.tally.adapter.out.persistence.bulk;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.adapter.out.persistence.JsonColumns;
import io.tally.adapter.out.persistence.Sql;
import io.tally.application.port.out.bulk.BulkRunStorePort;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/*
 * The table of one kind of bulk action's records (usage_reset, V6; customer_change, V21), with the columns every kind
 * has: <id>, tenant_id, idempotency_key (unique per tenant), request_hash, reason, actor, request_id, scope,
 * created_at, <applied count>, not_found_count, skipped_count, outcomes (the per-customer result as JSON, given again on
 * a replay), reverted_at and reverted_by; the kind's own columns are named and read by its Columns. What
 * BulkRunStorePort asks is answered here for every kind, on the caller's connection (its transaction, if any).
 */
final class BulkRunTable<R> {

    /** A kind's own columns: their names, how to bind a record's values to them, and how to read a record back. */
    interface Columns<R> {

        List<String> names();

        /** Binds the record's values of {@link #names()} from parameter {@code index} on. */
        void bind(PreparedStatement statement, int index, R record) throws SQLException;

        R read(ResultSet rows, BulkRun run) throws SQLException;
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final Columns<R> columns;
    private final String appliedStatus;
    private final String insert;
    private final String findByKey;
    private final String find;
    private final String list;
    private final String after;
    private final String listOrder;
    private final String complete;
    private final String outcomes;
    private final String revert;
    private final String idColumn;
    private final String appliedCount;

    /**
     * @param idColumn the id's column ({@code reset_id})
     * @param appliedCount the column counting the customers the action applied to ({@code reset_count})
     * @param appliedStatus what the outcomes call an applied customer ({@code reset}), as the kind's SQL does
     */
    BulkRunTable(JdbcOperations jdbc, JsonMapper json, String table, String idColumn, String appliedCount, String appliedStatus, Columns<R> columns) {
        this.jdbc = jdbc;
        this.json = json;
        this.columns = columns;
        this.idColumn = idColumn;
        this.appliedCount = appliedCount;
        this.appliedStatus = appliedStatus;
        String own = columns.names().isEmpty() ? "" : ", " + String.join(", ", columns.names());
        String selected = idColumn + ", reason, actor, request_id, scope, created_at, " + appliedCount + ", not_found_count, skipped_count,"
                + " reverted_at, reverted_by" + own;
        // A concurrent insert of the same key waits on the unique index until the other transaction ends, then does nothing.
        this.insert = "INSERT INTO " + table + " (" + idColumn + ", tenant_id, idempotency_key, request_hash, reason, actor, request_id, scope,"
                + " created_at" + own + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?" + ", ?".repeat(columns.names().size())
                + ") ON CONFLICT (tenant_id, idempotency_key) DO NOTHING";
        this.findByKey = "SELECT " + selected + ", request_hash FROM " + table + " WHERE tenant_id = ? AND idempotency_key = ?";
        this.find = "SELECT " + selected + " FROM " + table + " WHERE tenant_id = ? AND " + idColumn + " = ?";
        this.list = "SELECT " + selected + " FROM " + table + " WHERE tenant_id = ?";
        // Strictly after the cursor's row in (created_at desc, id desc) order; an unknown cursor gives nothing.
        this.after = " AND (created_at, " + idColumn + ") < (SELECT c.created_at, c." + idColumn + " FROM " + table + " c WHERE c.tenant_id = ? AND c."
                + idColumn + " = ?)";
        this.listOrder = " ORDER BY created_at DESC, " + idColumn + " DESC LIMIT ?";
        this.complete = "UPDATE " + table + " SET " + appliedCount + " = ?, not_found_count = ?, skipped_count = ?, outcomes = CAST(? AS jsonb)"
                + " WHERE tenant_id = ? AND " + idColumn + " = ?";
        this.outcomes = "SELECT outcomes FROM " + table + " WHERE tenant_id = ? AND " + idColumn + " = ?";
        this.revert = "UPDATE " + table + " SET reverted_at = ?, reverted_by = ? WHERE tenant_id = ? AND " + idColumn + " = ? AND reverted_at IS NULL";
    }

    Optional<BulkRunStorePort.Stored<R>> findByIdempotencyKey(long tenantId, String idempotencyKey) {
        return jdbc.prepareStatement(findByKey, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, idempotencyKey);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new BulkRunStorePort.Stored<>(read(rows), rows.getString("request_hash"))) : Optional.empty();
            }
        });
    }

    boolean insert(long tenantId, R record, BulkRun run, String idempotencyKey, String requestHash) {
        return jdbc.prepareStatement(insert, statement -> {
            statement.setObject(1, run.id());
            statement.setLong(2, tenantId);
            statement.setString(3, idempotencyKey);
            statement.setString(4, requestHash);
            statement.setString(5, run.reason());
            statement.setString(6, run.actor());
            statement.setString(7, run.requestId());
            statement.setString(8, run.scope());
            Sql.setInstant(statement, 9, run.createdAt());
            columns.bind(statement, 10, record);
            return statement.executeUpdate() == 1;
        });
    }

    void complete(long tenantId, UUID id, List<BulkOutcome> outcomes) {
        BulkCounts counts = BulkCounts.of(outcomes);
        String document = toJson(outcomes);
        jdbc.prepareStatement(complete, statement -> {
            statement.setInt(1, counts.applied());
            statement.setInt(2, counts.notFound());
            statement.setInt(3, counts.skipped());
            statement.setString(4, document);
            statement.setLong(5, tenantId);
            statement.setObject(6, id);
            return statement.executeUpdate();
        });
    }

    Optional<R> find(long tenantId, UUID id) {
        return jdbc.prepareStatement(find, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            return readAll(statement).stream().findFirst();
        });
    }

    List<BulkOutcome> outcomes(long tenantId, UUID id) {
        String document = jdbc.prepareStatement(outcomes, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
        return document == null ? List.of() : fromJson(document);
    }

    List<R> list(long tenantId, Optional<UUID> cursor, int limit) {
        String sql = list + (cursor.isPresent() ? after : "") + listOrder;
        return jdbc.prepareStatement(sql, statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            if (cursor.isPresent()) {
                statement.setLong(index++, tenantId);
                statement.setObject(index++, cursor.get());
            }
            statement.setInt(index, limit);
            return readAll(statement);
        });
    }

    boolean revert(long tenantId, UUID id, String actor, Instant at) {
        return jdbc.prepareStatement(revert, statement -> {
            Sql.setInstant(statement, 1, at);
            statement.setString(2, actor);
            statement.setLong(3, tenantId);
            statement.setObject(4, id);
            return statement.executeUpdate() == 1;
        });
    }

    /** The outcomes a statement answers as rows of (external id, status as the kind's SQL names it, reason). */
    List<BulkOutcome> readOutcomes(PreparedStatement statement) throws SQLException {
        List<BulkOutcome> read = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                read.add(new BulkOutcome(rows.getString(1), status(rows.getString(2)), Optional.ofNullable(rows.getString(3))));
            }
        }
        return read;
    }

    private List<R> readAll(PreparedStatement statement) throws SQLException {
        List<R> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(read(rows));
            }
        }
        return records;
    }

    private R read(ResultSet rows) throws SQLException {
        BulkCounts counts = new BulkCounts(rows.getInt(appliedCount), rows.getInt("not_found_count"), rows.getInt("skipped_count"));
        BulkRun run = new BulkRun(rows.getObject(idColumn, UUID.class), rows.getString("reason"), rows.getString("actor"),
                rows.getString("request_id"), rows.getString("scope"), Sql.getInstant(rows, "created_at"), counts,
                Optional.ofNullable(Sql.getInstant(rows, "reverted_at")), Optional.ofNullable(rows.getString("reverted_by")));
        return columns.read(rows, run);
    }

    private BulkOutcome.Status status(String name) {
        return switch (name) {
            case "not_found" -> BulkOutcome.Status.NOT_FOUND;
            case "skipped" -> BulkOutcome.Status.SKIPPED;
            default -> {
                if (!name.equals(appliedStatus)) {
                    throw new IllegalStateException("'" + name + "' is not an outcome of this kind of bulk action");
                }
                yield BulkOutcome.Status.APPLIED;
            }
        };
    }

    private String statusName(BulkOutcome.Status status) {
        return switch (status) {
            case APPLIED -> appliedStatus;
            case NOT_FOUND -> "not_found";
            case SKIPPED -> "skipped";
        };
    }

    /* [{"customer": "...", "status": "<applied>|not_found|skipped", "reason": "..."}], reason only when there is one. */
    private String toJson(List<BulkOutcome> outcomes) {
        List<Map<String, String>> document = new ArrayList<>(outcomes.size());
        for (BulkOutcome outcome : outcomes) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("customer", outcome.customer());
            entry.put("status", statusName(outcome.status()));
            outcome.reason().ifPresent(reason -> entry.put("reason", reason));
            document.add(entry);
        }
        return JsonColumns.write(json, document);
    }

    private List<BulkOutcome> fromJson(String document) {
        List<Map<String, String>> entries = JsonColumns.read(json, document, Argument.listOf(Argument.mapOf(String.class, String.class)));
        return entries.stream()
                .map(entry -> new BulkOutcome(entry.get("customer"), status(entry.get("status")), Optional.ofNullable(entry.get("reason"))))
                .toList();
    }
}
