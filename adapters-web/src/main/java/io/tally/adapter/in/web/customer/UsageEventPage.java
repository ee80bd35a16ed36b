package io.tally.adapter.in.web.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** A page of events, newest first; pass {@code next_cursor} as {@code cursor} for the next one, null on the last page. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record UsageEventPage(List<UsageEventResponse> items, @Nullable String nextCursor) {
}
