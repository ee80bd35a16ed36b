package io.tally.adapter.in.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.application.port.in.IngestResult;
import io.tally.domain.usage.IngestOutcome;
import java.util.List;

/** Counts per outcome, and every item's outcome by its index in the submitted batch. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record IngestResponse(long accepted, long duplicates, long conflicts, long rejected, List<Item> results) {

    /** {@code status}: accepted, duplicate, conflict or rejected; {@code reason} for conflicts and rejections. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(int index, @Nullable String id, String status, @Nullable String reason) {
    }

    static IngestResponse of(IngestResult result) {
        return new IngestResponse(result.count(IngestOutcome.ACCEPTED), result.count(IngestOutcome.DUPLICATE),
                result.count(IngestOutcome.CONFLICT), result.count(IngestOutcome.REJECTED),
                result.items().stream()
                        .map(item -> new Item(item.index(), item.id(), item.outcome().wireName(), item.reason()))
                        .toList());
    }
}
