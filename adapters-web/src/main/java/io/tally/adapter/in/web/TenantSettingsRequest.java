package io.tally.adapter.in.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.HexColour;
import io.tally.adapter.in.http.validation.IanaTimeZone;
import io.tally.adapter.in.http.validation.Iso4217;
import io.tally.adapter.in.http.validation.Label;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.tenant.BrandColour;
import io.tally.domain.tenant.TenantSettings;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

/**
 * All settings at once. {@code brand_name} may be null (reports then show the tenant id);
 * {@code brand_colour} defaults to Tally's violet #6D28D9 when null.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record TenantSettingsRequest(
        @NotNull @IanaTimeZone String timezone,
        @NotNull @Iso4217 String currency,
        @Nullable @Label(max = TenantSettings.BRAND_NAME_MAX_LENGTH) String brandName,
        @Nullable @HexColour String brandColour) {

    TenantSettings toSettings() {
        return new TenantSettings(TimeZoneId.of(timezone), CurrencyCode.of(currency), Optional.ofNullable(brandName),
                brandColour == null ? BrandColour.DEFAULT : BrandColour.of(brandColour));
    }
}
