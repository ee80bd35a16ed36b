package io.tally.adapter.in.web.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.adapter.in.http.validation.HexColour;
import io.tally.adapter.in.http.validation.IanaTimeZone;
import io.tally.adapter.in.http.validation.Iso4217;
import io.tally.adapter.in.http.validation.Label;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.BrandColour;
import io.tally.domain.tenant.Retention;
import io.tally.domain.tenant.TenantSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * All settings at once. {@code brand_name} may be null (reports then show the tenant id);
 * {@code brand_colour} defaults to Tally's violet #6D28D9 when null; {@code late_arrival_days} (how old a
 * usage event may be when it arrives, 1 to 3650) defaults to 400; {@code locale} (a BCP 47 tag whose country
 * picks the PDF paper size: Letter for en-US, A4 for de-DE) defaults to en-US; {@code consent_required} (consent
 * categories without which a customer's usage events are refused, such as {@code ["analytics"]}) defaults to none;
 * {@code retention} ({@code events_days}, {@code audit_days}, {@code exports_days}, {@code keep_rollups}) to keeping events,
 * 730 days of audit entries, 30 days of export files, and the rollups; {@code personal_dimensions} (event data names shown
 * masked, such as {@code ["phone"]}) to none.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record TenantSettingsRequest(
        @NotNull @IanaTimeZone String timezone,
        @NotNull @Iso4217 String currency,
        @Nullable @Label(max = TenantSettings.BRAND_NAME_MAX_LENGTH) String brandName,
        @Nullable @HexColour String brandColour,
        @Nullable @Min(1) @Max(TenantSettings.MAX_LATE_ARRIVAL_DAYS) Integer lateArrivalDays,
        @Nullable String locale,
        @Nullable List<String> consentRequired,
        @Nullable @Schema(type = "object") RetentionRequest retention,
        @Nullable List<String> personalDimensions) {

    /** How long what Tally stores is kept; each field may be left out for its default. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RetentionRequest(@Nullable Integer eventsDays, @Nullable Integer auditDays, @Nullable Integer exportsDays, @Nullable Boolean keepRollups) {

        Retention toRetention() {
            return new Retention(Optional.ofNullable(eventsDays), auditDays == null ? Retention.DEFAULT_AUDIT_DAYS : auditDays,
                    exportsDays == null ? Retention.DEFAULT_EXPORTS_DAYS : exportsDays, keepRollups == null || keepRollups);
        }
    }

    TenantSettings toSettings() {
        return new TenantSettings(TimeZoneId.of(timezone), CurrencyCode.of(currency), Optional.ofNullable(brandName),
                brandColour == null ? BrandColour.DEFAULT : BrandColour.of(brandColour),
                lateArrivalDays == null ? TenantSettings.DEFAULT_LATE_ARRIVAL_DAYS : lateArrivalDays,
                locale == null ? TenantSettings.DEFAULT_LOCALE : TenantSettings.parseLocale(locale),
                consentRequired == null ? Set.of() : new LinkedHashSet<>(consentRequired),
                retention == null ? Retention.DEFAULT : retention.toRetention(),
                personalDimensions == null ? Set.of() : new LinkedHashSet<>(personalDimensions));
    }
}
