package io.tally.adapter.in.web.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.usage.StoredEvent;
import io.tally.domain.usage.UsageEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored usage event: its key, type, time, data (dimensions as strings, measures as numbers) and receipt. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record UsageEventResponse(String id, String source, String type, Instant time, Map<String, Object> data, Instant receivedAt) {

    static UsageEventResponse of(StoredEvent stored) {
        UsageEvent event = stored.event();
        Map<String, Object> data = new LinkedHashMap<>(event.data().dimensions());
        data.putAll(event.data().measures());
        return new UsageEventResponse(event.key().id(), event.key().source(), event.type().value(), event.time(), data,
                stored.receivedAt());
    }
}
