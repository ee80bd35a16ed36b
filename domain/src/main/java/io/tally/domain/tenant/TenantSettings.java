package io.tally.domain.tenant;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tenant's owner may set: the timezone days are cut in when no customer timezone applies, the
 * default currency, the brand shown on reports, and how late usage events may arrive. {@code brandName} is
 * absent until set; reports then show the tenant id.
 */
public record TenantSettings(TimeZoneId timezone, CurrencyCode currency, Optional<String> brandName, BrandColour brandColour,
                             int lateArrivalDays) {

    public static final int BRAND_NAME_MAX_LENGTH = 80;
    public static final int DEFAULT_LATE_ARRIVAL_DAYS = 400;
    public static final int MAX_LATE_ARRIVAL_DAYS = 3650;

    public TenantSettings {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(brandName, "brandName");
        Objects.requireNonNull(brandColour, "brandColour");
        brandName.ifPresent(name -> Text.requireLabel(name, "brand name", BRAND_NAME_MAX_LENGTH));
        if (lateArrivalDays < 1 || lateArrivalDays > MAX_LATE_ARRIVAL_DAYS) {
            throw new InvalidValueException("late_arrival_days", "must be between 1 and " + MAX_LATE_ARRIVAL_DAYS);
        }
    }

    /** The window in which usage events are accepted. */
    public ArrivalWindow arrivalWindow() {
        return new ArrivalWindow(lateArrivalDays);
    }

    /** A new tenant's settings: UTC, US dollars, no brand name, Tally's violet, events up to 400 days late. */
    public static TenantSettings defaults() {
        return new TenantSettings(TimeZoneId.UTC, CurrencyCode.USD, Optional.empty(), BrandColour.DEFAULT,
                DEFAULT_LATE_ARRIVAL_DAYS);
    }
}
