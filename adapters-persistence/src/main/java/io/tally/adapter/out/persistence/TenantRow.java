package io.tally.adapter.out.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("tenant")
record TenantRow(
        @Id @GeneratedValue Long tenantId,
        String tenantKey,
        String timezone,
        String currency,
        @Nullable String brandName,
        String brandColour,
        int lateArrivalDays,
        String locale,
        String consentRequired,
        @Nullable Integer retentionEventsDays,
        int retentionAuditDays,
        int retentionExportsDays,
        boolean retentionKeepRollups,
        String personalDimensions,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String webhookSecret) {
}
