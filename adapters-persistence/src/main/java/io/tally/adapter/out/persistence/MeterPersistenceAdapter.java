package io.tally.adapter.out.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.MeterStorePort;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventType;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

@Connectable
@Singleton
class MeterPersistenceAdapter implements MeterStorePort {

    private static final String COLUMNS = "meter_key, name, description, event_type, aggregation, measure, dimension, filters, group_by, divisor, "
            + "decimals, join_event_type, join_on";
    private static final String INSERT = "INSERT INTO meter (tenant_id, " + COLUMNS + ", created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, meter_key) DO NOTHING";
    private static final String UPDATE = """
            UPDATE meter SET name = ?, description = ?, event_type = ?, aggregation = ?, measure = ?, dimension = ?,
                   filters = CAST(? AS jsonb), group_by = ?, divisor = ?, decimals = ?, join_event_type = ?, join_on = ?, updated_at = ?
             WHERE tenant_id = ? AND meter_key = ?""";

    private final JdbcOperations jdbc;
    private final TenantKeys tenants;
    private final JsonMapper json;
    private final DataWatermarks watermarks;

    MeterPersistenceAdapter(JdbcOperations jdbc, TenantKeys tenants, JsonMapper json, DataWatermarks watermarks) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
        this.watermarks = watermarks;
    }

    @Override
    public Optional<Meter> find(TenantId tenant, MeterKey key) {
        return find(tenant, key, "");
    }

    @Override
    public Optional<Meter> findForUpdate(TenantId tenant, MeterKey key) {
        return find(tenant, key, " FOR UPDATE");
    }

    private Optional<Meter> find(TenantId tenant, MeterKey key, String lock) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM meter WHERE tenant_id = ? AND meter_key = ?" + lock, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return readAll(statement).stream().findFirst();
        });
    }

    @Override
    public List<Meter> list(TenantId tenant) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM meter WHERE tenant_id = ? ORDER BY meter_key", statement -> {
            statement.setLong(1, tenantId);
            return readAll(statement);
        });
    }

    @Override
    public boolean create(TenantId tenant, Meter meter, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, meter.key().value());
            int next = bindDefinition(statement, 3, meter);
            Sql.setInstant(statement, next, now);
            Sql.setInstant(statement, next + 1, now);
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    @Override
    public boolean update(TenantId tenant, Meter meter, Instant now) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement(UPDATE, statement -> {
            int next = bindDefinition(statement, 1, meter);
            Sql.setInstant(statement, next, now);
            statement.setLong(next + 1, tenantId);
            statement.setString(next + 2, meter.key().value());
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    @Override
    public boolean delete(TenantId tenant, MeterKey key) {
        long tenantId = tenants.require(tenant);
        return jdbc.prepareStatement("DELETE FROM meter WHERE tenant_id = ? AND meter_key = ?", statement -> {
            statement.setLong(1, tenantId);
            statement.setString(2, key.value());
            return statement.executeUpdate() == 1;
        }) && changed(tenantId);
    }

    /** A meter's definition changes figures: the tenant's data watermark moves on. */
    private boolean changed(long tenantId) {
        watermarks.advance(tenantId);
        return true;
    }

    /** Binds name … join_on from {@code index} on; returns the next index. */
    private int bindDefinition(PreparedStatement statement, int index, Meter meter) throws SQLException {
        statement.setString(index, meter.name());
        Sql.setText(statement, index + 1, meter.description().orElse(null));
        statement.setString(index + 2, meter.eventType().value());
        statement.setString(index + 3, meter.aggregation().wireName());
        Sql.setText(statement, index + 4, meter.measure().orElse(null));
        Sql.setText(statement, index + 5, meter.dimension().orElse(null));
        statement.setString(index + 6, toJson(meter.filters()));
        statement.setArray(index + 7, statement.getConnection().createArrayOf("text", meter.groupBy().toArray()));
        statement.setBigDecimal(index + 8, meter.divisor());
        if (meter.decimals().isPresent()) {
            statement.setInt(index + 9, meter.decimals().get());
        } else {
            statement.setNull(index + 9, Types.INTEGER);
        }
        Sql.setText(statement, index + 10, meter.join().map(join -> join.itemType().value()).orElse(null));
        Sql.setText(statement, index + 11, meter.join().map(ItemJoin::on).orElse(null));
        return index + 12;
    }

    private List<Meter> readAll(PreparedStatement statement) throws SQLException {
        List<Meter> meters = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int decimals = rows.getInt("decimals");
                Optional<Integer> places = rows.wasNull() ? Optional.empty() : Optional.of(decimals);
                String joinType = rows.getString("join_event_type");
                Optional<ItemJoin> join = joinType == null ? Optional.empty() : Optional.of(ItemJoin.of(joinType, rows.getString("join_on")));
                meters.add(new Meter(MeterKey.of(rows.getString("meter_key")), rows.getString("name"),
                        Optional.ofNullable(rows.getString("description")), EventType.of(rows.getString("event_type")),
                        Aggregation.fromWireName(rows.getString("aggregation")), Optional.ofNullable(rows.getString("measure")),
                        Optional.ofNullable(rows.getString("dimension")), fromJson(rows.getString("filters")),
                        Arrays.asList((String[]) rows.getArray("group_by").getArray()), rows.getBigDecimal("divisor"), places, false,
                        join));
            }
        }
        return meters;
    }

    private String toJson(Map<String, String> filters) {
        return JsonColumns.write(json, new TreeMap<>(filters));
    }

    private Map<String, String> fromJson(String text) {
        return JsonColumns.read(json, text, Argument.mapOf(String.class, String.class));
    }
}
