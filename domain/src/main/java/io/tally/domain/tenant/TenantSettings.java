package io.tally.domain.tenant;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tenant's owner may set: the timezone days are cut in when no customer timezone applies, the
 * default currency, and the brand shown on reports. {@code brandName} is absent until set; reports then
 * show the tenant id.
 */
public record TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour) {

    public static final int BRAND_NAME_MAX_LENGTH = 80;

    public TenantSettings {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(brandName, "brandName");
        Objects.requireNonNull(brandColour, "brandColour");
        brandName.ifPresent(name -> Text.requireLabel(name, "brand name", BRAND_NAME_MAX_LENGTH));
    }

    /** A new tenant's settings: UTC, US dollars, no brand name, Tally's violet. */
    public static TenantSettings defaults() {
        return new TenantSettings(TimeZoneId.UTC, CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT);
    }
}
