package io.tally.adapter.out.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.UsageResetStorePort;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.plan.ResetMark;
import io.tally.domain.plan.ResetOutcome;
import io.tally.domain.plan.ResetType;
import io.tally.domain.plan.UsageReset;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/*
 * Usage resets in `usage_reset`, the customers each applies to in `usage_reset_customer`. Customers are
 * classified and recorded by one set-based statement, whatever their number. Each call runs on the
 * surrounding transaction's connection, or on one of its own outside a transaction.
 */
@Connectable
@Singleton
class UsageResetPersistenceAdapter implements UsageResetStorePort {

    private static final String COLUMNS = """
            reset_id, reset_type, meters, reason, actor, request_id, scope, created_at, reset_count, not_found_count, skipped_count,
            reverted_at, reverted_by""";
    /* A concurrent insert of the same key waits on the unique index until the other transaction ends, then does nothing. */
    private static final String INSERT = """
            INSERT INTO usage_reset (reset_id, tenant_id, idempotency_key, request_hash, reset_type, meters, reason, actor, request_id,
                                     scope, created_at, reset_count, not_found_count, skipped_count, reverted_at, reverted_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""";
    private static final String FIND_BY_KEY = "SELECT " + COLUMNS + ", request_hash FROM usage_reset WHERE tenant_id = ? AND idempotency_key = ?";
    private static final String FIND = "SELECT " + COLUMNS + " FROM usage_reset WHERE tenant_id = ? AND reset_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM usage_reset WHERE tenant_id = ?";
    /* Strictly after the cursor's row in (created_at desc, reset_id desc) order; an unknown cursor gives nothing. */
    private static final String AFTER =
            " AND (created_at, reset_id) < (SELECT c.created_at, c.reset_id FROM usage_reset c WHERE c.tenant_id = ? AND c.reset_id = ?)";
    private static final String LIST_ORDER = " ORDER BY created_at DESC, reset_id DESC LIMIT ?";
    private static final String REVERT = """
            UPDATE usage_reset SET reverted_at = ?, reverted_by = ? WHERE tenant_id = ? AND reset_id = ? AND reverted_at IS NULL""";
    private static final String COMPLETE = """
            UPDATE usage_reset SET reset_count = ?, not_found_count = ?, skipped_count = ?, outcomes = CAST(? AS jsonb)
             WHERE tenant_id = ? AND reset_id = ?""";
    private static final String OUTCOMES = "SELECT outcomes FROM usage_reset WHERE tenant_id = ? AND reset_id = ?";
    /* The resets in force for a customer, one row per meter each applies to. */
    private static final String MARKS = """
            SELECT r.reset_id, r.reset_type, r.created_at, m.meter
              FROM customer c
              JOIN usage_reset_customer rc ON rc.tenant_id = c.tenant_id AND rc.customer_id = c.customer_id
              JOIN usage_reset r ON r.reset_id = rc.reset_id
             CROSS JOIN unnest(r.meters) AS m (meter)
             WHERE c.tenant_id = ? AND c.external_id = ? AND r.tenant_id = c.tenant_id AND r.reverted_at IS NULL
             ORDER BY m.meter, r.created_at, r.reset_id""";

    /*
     * The customers to classify, as (ord, external_id, customer_id, plan): the ids given, in their order (a
     * missing customer has a null customer_id), or a plan's customers, by external id.
     */
    private static final String GIVEN_CUSTOMERS = """
            WITH input AS (
                SELECT i.external_id, i.ord FROM unnest(?::text[]) WITH ORDINALITY AS i (external_id, ord)
            ), candidates AS (
                SELECT i.ord, i.external_id, c.customer_id, c.plan
                  FROM input i
                  LEFT JOIN customer c ON c.tenant_id = ? AND c.external_id = i.external_id
            )""";
    private static final String PLAN_CUSTOMERS = """
            WITH candidates AS (
                SELECT row_number() OVER (ORDER BY c.external_id) AS ord, c.external_id, c.customer_id, c.plan
                  FROM customer c
                 WHERE c.tenant_id = ? AND c.plan = ?
            )""";
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
    private final TenantKeys tenants;
    private final JsonMapper json;

    UsageResetPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
    }

    @Override
    public Optional<StoredReset> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(FIND_BY_KEY, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, idempotencyKey);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new StoredReset(read(rows), rows.getString("request_hash"))) : Optional.empty();
            }
        });
    }

    @Override
    public boolean insert(TenantId tenant, UsageReset reset, String idempotencyKey, String requestHash) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setObject(1, reset.id());
            statement.setLong(2, tenantId);
            statement.setString(3, idempotencyKey);
            statement.setString(4, requestHash);
            statement.setString(5, reset.type().wireName());
            statement.setArray(6, statement.getConnection().createArrayOf("text", meterKeys(reset.meters())));
            statement.setString(7, reset.reason());
            statement.setString(8, reset.actor());
            statement.setString(9, reset.requestId());
            statement.setString(10, reset.scope());
            Sql.setInstant(statement, 11, reset.createdAt());
            statement.setInt(12, reset.counts().reset());
            statement.setInt(13, reset.counts().notFound());
            statement.setInt(14, reset.counts().skipped());
            Sql.setInstant(statement, 15, reset.revertedAt().orElse(null));
            Sql.setText(statement, 16, reset.revertedBy().orElse(null));
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public List<ResetOutcome> applyToCustomers(TenantId tenant, UUID reset, List<CustomerId> customers, List<MeterKey> meters,
                                               boolean dryRun) {
        long tenantId = tenants.require(tenant);
        if (customers.isEmpty()) {
            return List.of();
        }
        String sql = GIVEN_CUSTOMERS + CLASSIFIED + (dryRun ? "" : RECORDED) + RESULT;
        return jdbc.prepareStatement(sql, statement -> {
            String[] ids = customers.stream().map(CustomerId::value).toArray(String[]::new);
            statement.setArray(1, statement.getConnection().createArrayOf("text", ids));
            statement.setLong(2, tenantId);
            bindClassification(statement, 3, tenantId, reset, meters, dryRun);
            return readOutcomes(statement);
        });
    }

    @Override
    public List<ResetOutcome> applyToPlan(TenantId tenant, UUID reset, String plan, List<MeterKey> meters, boolean dryRun) {
        long tenantId = tenants.require(tenant);
        String sql = PLAN_CUSTOMERS + CLASSIFIED + (dryRun ? "" : RECORDED) + RESULT;
        return jdbc.prepareStatement(sql, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, plan);
            bindClassification(statement, 3, tenantId, reset, meters, dryRun);
            return readOutcomes(statement);
        });
    }

    /* CLASSIFIED's parameters from {@code index} on, then RECORDED's unless a dry run. */
    private static void bindClassification(PreparedStatement statement, int index, long tenantId, UUID reset, List<MeterKey> meters,
                                           boolean dryRun) throws SQLException {
        statement.setLong(index, tenantId);
        statement.setArray(index + 1, statement.getConnection().createArrayOf("text", meterKeys(meters)));
        if (!dryRun) {
            statement.setLong(index + 2, tenantId);
            statement.setObject(index + 3, reset);
        }
    }

    private static List<ResetOutcome> readOutcomes(PreparedStatement statement) throws SQLException {
        List<ResetOutcome> outcomes = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                outcomes.add(new ResetOutcome(rows.getString(1), status(rows.getString(2)), Optional.ofNullable(rows.getString(3))));
            }
        }
        return outcomes;
    }

    @Override
    public void complete(TenantId tenant, UUID reset, List<ResetOutcome> outcomes) {
        long tenantId = tenants.require(tenant);
        UsageReset.Counts counts = UsageReset.Counts.of(outcomes);
        String document = toJson(outcomes);
        jdbc.prepareStatement(COMPLETE, statement -> {
            statement.setInt(1, counts.reset());
            statement.setInt(2, counts.notFound());
            statement.setInt(3, counts.skipped());
            statement.setString(4, document);
            statement.setLong(5, tenantId);
            statement.setObject(6, reset);
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<UsageReset> find(TenantId tenant, UUID reset) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(FIND, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, reset);
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public List<ResetOutcome> outcomes(TenantId tenant, UUID reset) {
        long tenantId = tenants.require(tenant);
        String document = jdbc.prepareStatement(OUTCOMES, statement -> {
            statement.setLong(1, tenantId);
            statement.setObject(2, reset);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
        return document == null ? List.of() : fromJson(document);
    }

    @Override
    public List<UsageReset> list(TenantId tenant, Optional<UUID> after, int limit) {
        long tenantId = tenants.require(tenant);
        String sql = LIST + (after.isPresent() ? AFTER : "") + LIST_ORDER;
        return jdbc.prepareStatement(sql, statement -> {
            int index = 1;
            statement.setLong(index++, tenantId);
            if (after.isPresent()) {
                statement.setLong(index++, tenantId);
                statement.setObject(index++, after.get());
            }
            statement.setInt(index, limit);
            return readAll(statement);
        });
    }

    @Override
    public boolean revert(TenantId tenant, UUID reset, String actor, Instant at) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(REVERT, statement -> {
            Sql.setInstant(statement, 1, at);
            statement.setString(2, actor);
            statement.setLong(3, tenantId);
            statement.setObject(4, reset);
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public Map<MeterKey, List<ResetMark>> marks(TenantId tenant, CustomerId customer) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(MARKS, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, customer.value());
            Map<MeterKey, List<ResetMark>> marks = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ResetMark mark = new ResetMark(rows.getObject("reset_id", UUID.class), type(rows.getString("reset_type")),
                            Sql.getInstant(rows, "created_at"));
                    marks.computeIfAbsent(MeterKey.of(rows.getString("meter")), meter -> new ArrayList<>()).add(mark);
                }
            }
            return marks;
        });
    }

    private static List<UsageReset> readAll(PreparedStatement statement) throws SQLException {
        List<UsageReset> resets = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                resets.add(read(rows));
            }
        }
        return resets;
    }

    private static UsageReset read(ResultSet rows) throws SQLException {
        List<MeterKey> meters = Arrays.stream((String[]) rows.getArray("meters").getArray()).map(MeterKey::of).toList();
        UsageReset.Counts counts = new UsageReset.Counts(rows.getInt("reset_count"), rows.getInt("not_found_count"), rows.getInt("skipped_count"));
        return new UsageReset(rows.getObject("reset_id", UUID.class), type(rows.getString("reset_type")), meters, rows.getString("reason"),
                rows.getString("actor"), rows.getString("request_id"), rows.getString("scope"), Sql.getInstant(rows, "created_at"), counts,
                Optional.ofNullable(Sql.getInstant(rows, "reverted_at")), Optional.ofNullable(rows.getString("reverted_by")));
    }

    private static ResetType type(String wireName) {
        return ResetType.fromWireName(wireName, "reset_type");
    }

    private static ResetOutcome.Status status(String wireName) {
        return ResetOutcome.Status.valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    private static String[] meterKeys(List<MeterKey> meters) {
        return meters.stream().map(MeterKey::value).toArray(String[]::new);
    }

    /* [{"customer": "...", "status": "reset|not_found|skipped", "reason": "..."}], reason only when there is one. */
    private String toJson(List<ResetOutcome> outcomes) {
        List<Map<String, String>> document = new ArrayList<>(outcomes.size());
        for (ResetOutcome outcome : outcomes) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("customer", outcome.customer());
            entry.put("status", outcome.status().wireName());
            outcome.reason().ifPresent(reason -> entry.put("reason", reason));
            document.add(entry);
        }
        return JsonColumns.write(json, document);
    }

    private List<ResetOutcome> fromJson(String document) {
        List<Map<String, String>> entries = JsonColumns.read(json, document, Argument.listOf(Argument.mapOf(String.class, String.class)));
        return entries.stream()
                .map(entry -> new ResetOutcome(entry.get("customer"), status(entry.get("status")), Optional.ofNullable(entry.get("reason"))))
                .toList();
    }
}
