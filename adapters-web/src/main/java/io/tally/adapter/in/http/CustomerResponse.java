package io.tally.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerProfile;
import java.time.Instant;

/**
 * A customer as both APIs show it. Unknown profile fields are null. {@code processing_restricted_since} is set while the
 * customer's processing is restricted (their events are kept but count in no figure); {@code erased_at} once the customer
 * was erased (the profile is then a tombstone).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerResponse(
        String externalId,
        @Nullable String displayName,
        @Nullable String timezone,
        @Nullable String country,
        @Nullable String currency,
        @Nullable String plan,
        @Nullable Instant signedUpAt,
        String status,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant processingRestrictedSince,
        @Nullable Instant erasedAt) {

    public static CustomerResponse of(Customer customer) {
        CustomerProfile profile = customer.profile();
        return new CustomerResponse(
                customer.id().value(),
                profile.displayName().orElse(null),
                profile.timezone().map(TimeZoneId::value).orElse(null),
                profile.country().map(CountryCode::value).orElse(null),
                profile.currency().map(CurrencyCode::value).orElse(null),
                profile.plan().orElse(null),
                profile.signedUpAt().orElse(null),
                profile.status().wireName(),
                customer.createdAt(),
                customer.updatedAt(),
                customer.restrictedSince().orElse(null),
                customer.erasedAt().orElse(null));
    }
}
