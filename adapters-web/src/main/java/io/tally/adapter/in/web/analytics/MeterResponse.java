package io.tally.adapter.in.web.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.domain.analytics.Meter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record MeterResponse(String key, String name, @Nullable String description, String eventType, String aggregation,
                     @Nullable String measure, @Nullable String dimension, Map<String, String> filters, List<String> groupBy,
                     BigDecimal divisor, @Nullable Integer decimals, @Nullable @Schema(type = "object") JoinResponse join, boolean builtIn) {

    /** The item each event belongs to. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record JoinResponse(String eventType, String on) {
    }

    static MeterResponse of(Meter meter) {
        return new MeterResponse(meter.key().value(), meter.name(), meter.description().orElse(null), meter.eventType().value(),
                meter.aggregation().wireName(), meter.measure().orElse(null), meter.dimension().orElse(null), meter.filters(),
                meter.groupBy(), meter.divisor(), meter.decimals().orElse(null),
                meter.join().map(join -> new JoinResponse(join.itemType().value(), join.on())).orElse(null), meter.builtIn());
    }
}
