package io.tally.adapter.in.internal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.adapter.in.http.validation.PlanKey;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.BillingInterval;
import io.tally.domain.billing.SubscriptionStatus;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.customer.CustomerId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * One version of a subscription. {@code interval_count} and {@code quantity} default to 1; {@code effective_at}
 * is when these terms took effect.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record SubscriptionRequest(
        @NotNull @ExternalCustomerId String customer,
        @NotNull @PlanKey String plan,
        @NotNull @Pattern(regexp = "trialing|active|past_due|canceled|ended",
                message = "must be one of trialing, active, past_due, canceled, ended") String status,
        @NotNull @Valid MoneyRequest price,
        @NotNull @Pattern(regexp = "day|week|month|year", message = "must be one of day, week, month, year") String interval,
        @Nullable Integer intervalCount,
        @Nullable Integer quantity,
        @NotNull OffsetDateTime startedAt,
        @Nullable OffsetDateTime canceledAt,
        @Nullable OffsetDateTime endedAt,
        @Nullable OffsetDateTime trialEnd,
        @NotNull OffsetDateTime effectiveAt) {

    SubscriptionVersion toVersion(String id) {
        return new SubscriptionVersion(BillingId.of(id), CustomerId.of(customer), plan, SubscriptionStatus.fromWireName(status),
                price.toMoney(), BillingInterval.fromWireName(interval), intervalCount == null ? 1 : intervalCount,
                quantity == null ? 1 : quantity, startedAt.toInstant(), Optional.ofNullable(canceledAt).map(OffsetDateTime::toInstant),
                Optional.ofNullable(endedAt).map(OffsetDateTime::toInstant), Optional.ofNullable(trialEnd).map(OffsetDateTime::toInstant),
                effectiveAt.toInstant());
    }
}
