package io.tally.adapter.in.web.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.Retention;
import io.tally.domain.tenant.TenantSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record TenantResponse(String tenant, String timezone, String currency, @Nullable String brandName,
                      String brandColour, int lateArrivalDays, String locale, List<String> consentRequired, Map<String, Object> retention,
                      List<String> personalDimensions, Instant createdAt) {

    static TenantResponse of(Tenant tenant) {
        TenantSettings settings = tenant.settings();
        return new TenantResponse(tenant.id().value(), settings.timezone().value(), settings.currency().value(),
                settings.brandName().orElse(null), settings.brandColour().value(), settings.lateArrivalDays(), settings.locale().toLanguageTag(),
                List.copyOf(settings.consentRequired()), retention(settings.retention()), List.copyOf(settings.personalDimensions()),
                tenant.createdAt());
    }

    static Map<String, Object> retention(Retention retention) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events_days", retention.eventsDays().orElse(null));
        json.put("audit_days", retention.auditDays());
        json.put("exports_days", retention.exportsDays());
        json.put("keep_rollups", retention.keepRollups());
        return json;
    }
}
