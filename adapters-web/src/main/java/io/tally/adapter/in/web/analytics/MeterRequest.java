package io.tally.adapter.in.web.analytics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.analytics.ItemJoin;
import io.tally.domain.analytics.Meter;
import io.tally.domain.analytics.MeterKey;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.usage.EventType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A meter's definition. {@code key} is taken from the path when updating. {@code divisor} defaults to 1;
 * {@code decimals} rounds the result half-up when given. {@code join} ({@code {"event_type": …, "on": …}}) gives each
 * event the dimensions of its item, the first event of that type with the same value of {@code on}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record MeterRequest(@Nullable String key, @NotBlank String name, @Nullable String description, @NotBlank String eventType,
                    @NotBlank String aggregation, @Nullable String measure, @Nullable String dimension,
                    @Nullable Map<String, String> filters, @Nullable List<String> groupBy, @Nullable BigDecimal divisor,
                    @Nullable Integer decimals, @Nullable @Valid @Schema(type = "object") JoinRequest join) {

    /** What each event belongs to: the first event of {@code event_type} whose {@code on} dimension has the event's value of it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record JoinRequest(@Nullable String eventType, @Nullable String on) {

        ItemJoin toJoin() {
            if (eventType == null || !EventType.isValid(eventType)) {
                throw new InvalidValueException("join.event_type", eventType == null ? "is required"
                        : "must be 1-128 letters, digits, '.', '_', '-', ':' or '/', starting with a letter or digit");
            }
            if (on == null) {
                throw new InvalidValueException("join.on", "is required");
            }
            return new ItemJoin(EventType.of(eventType), on);
        }
    }

    Meter toMeter(String pathKey) {
        String key = pathKey != null ? pathKey : this.key;
        if (key == null) {
            throw new InvalidValueException("key", "is required");
        }
        if (!MeterKey.isValid(key)) {
            throw new InvalidValueException("key", "must be 1-64 lower-case letters, digits and '_', starting with a letter");
        }
        if (!EventType.isValid(eventType)) {
            throw new InvalidValueException("event_type", "must be 1-128 letters, digits, '.', '_', '-', ':' or '/', starting with a letter or digit");
        }
        try {
            return new Meter(MeterKey.of(key), name, Optional.ofNullable(description), EventType.of(eventType),
                    Aggregation.fromWireName(aggregation), Optional.ofNullable(measure), Optional.ofNullable(dimension),
                    filters == null ? Map.of() : filters, groupBy == null ? List.of() : groupBy,
                    divisor == null ? BigDecimal.ONE : divisor, Optional.ofNullable(decimals), false,
                    Optional.ofNullable(join).map(JoinRequest::toJoin));
        } catch (InvalidValueException e) {
            throw e.field().isEmpty() ? e.forField("name") : e;
        }
    }
}
