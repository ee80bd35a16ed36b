package io.tally.adapter.in.internal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.IanaTimeZone;
import io.tally.adapter.in.http.validation.Iso3166Alpha2;
import io.tally.adapter.in.http.validation.Iso4217;
import io.tally.adapter.in.http.validation.Label;
import io.tally.adapter.in.http.validation.PlanKey;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A customer's whole profile; every field may be null (unknown). {@code status} defaults to active. */
@Serdeable(naming = SnakeCaseStrategy.class)
record CustomerProfileRequest(
        @Nullable @Label(max = CustomerProfile.DISPLAY_NAME_MAX_LENGTH) String displayName,
        @Nullable @IanaTimeZone String timezone,
        @Nullable @Iso3166Alpha2 String country,
        @Nullable @Iso4217 String currency,
        @Nullable @PlanKey String plan,
        @Nullable OffsetDateTime signedUpAt,
        @Nullable @Pattern(regexp = "active|suspended|closed", message = "must be one of active, suspended, closed") String status) {

    CustomerProfile toProfile() {
        return new CustomerProfile(
                Optional.ofNullable(displayName),
                Optional.ofNullable(timezone).map(TimeZoneId::of),
                Optional.ofNullable(country).map(CountryCode::of),
                Optional.ofNullable(currency).map(CurrencyCode::of),
                Optional.ofNullable(plan),
                Optional.ofNullable(signedUpAt).map(OffsetDateTime::toInstant),
                status == null ? CustomerStatus.ACTIVE : CustomerStatus.fromWireName(status));
    }
}
