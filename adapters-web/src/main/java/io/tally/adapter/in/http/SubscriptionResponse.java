package io.tally.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.billing.SubscriptionVersion;
import io.tally.domain.common.Money;
import java.time.Instant;

/**
 * A subscription version as both APIs show it, with the MRR it brings while it counts (the normalised monthly
 * amount, whatever its status; see docs/metrics.md).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SubscriptionResponse(
        String id,
        String customer,
        String plan,
        String status,
        MoneyResponse price,
        String interval,
        int intervalCount,
        int quantity,
        Instant startedAt,
        @Nullable Instant canceledAt,
        @Nullable Instant endedAt,
        @Nullable Instant trialEnd,
        Instant effectiveAt,
        MoneyResponse monthlyAmount) {

    public static SubscriptionResponse of(SubscriptionVersion version) {
        Money monthly = version.monthlyAmount();
        return new SubscriptionResponse(version.subscription().value(), version.customer().value(), version.plan(),
                version.status().wireName(), MoneyResponse.of(version.price()), version.interval().wireName(), version.intervalCount(),
                version.quantity(), version.startedAt(), version.canceledAt().orElse(null), version.endedAt().orElse(null),
                version.trialEnd().orElse(null), version.effectiveAt(), MoneyResponse.of(monthly));
    }
}
