package io.tally.adapter.out.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TenantRepository extends GenericRepository<TenantRow, Long> {

    Optional<TenantRow> findByTenantKey(String tenantKey);

    /** SELECT … FOR UPDATE: the row stays locked until the transaction ends. */
    Optional<TenantRow> findByTenantKeyForUpdate(String tenantKey);

    @Query("""
            INSERT INTO tenant (tenant_key, timezone, currency, brand_name, brand_colour, late_arrival_days, locale, created_at, updated_at)
            VALUES (:tenantKey, :timezone, :currency, :brandName, :brandColour, :lateArrivalDays, :locale, :createdAt, :createdAt)
            ON CONFLICT (tenant_key) DO NOTHING""")
    void insertIfAbsent(String tenantKey, String timezone, String currency, @Nullable String brandName,
                        String brandColour, int lateArrivalDays, String locale, Instant createdAt);

    @Query("""
            UPDATE tenant
               SET timezone = :timezone, currency = :currency, brand_name = :brandName,
                   brand_colour = :brandColour, late_arrival_days = :lateArrivalDays, locale = :locale,
                   consent_required = :consentRequired, retention_events_days = :eventsDays, retention_audit_days = :auditDays,
                   retention_exports_days = :exportsDays, retention_keep_rollups = :keepRollups,
                   personal_dimensions = :personalDimensions, updated_at = :updatedAt
             WHERE tenant_id = :tenantId""")
    void updateSettings(long tenantId, String timezone, String currency, @Nullable String brandName,
                        String brandColour, int lateArrivalDays, String locale, String consentRequired, @Nullable Integer eventsDays,
                        int auditDays, int exportsDays, boolean keepRollups, String personalDimensions, Instant updatedAt);

    @Query("UPDATE tenant SET webhook_secret = :secret, updated_at = :updatedAt WHERE tenant_id = :tenantId")
    void updateWebhookSecret(long tenantId, String secret, Instant updatedAt);
}
