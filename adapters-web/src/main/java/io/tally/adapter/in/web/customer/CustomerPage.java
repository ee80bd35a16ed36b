package io.tally.adapter.in.web.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.CustomerResponse;
import java.util.List;

/** A page of customers; pass {@code next_cursor} as {@code cursor} for the next one, null on the last page. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record CustomerPage(List<CustomerResponse> items, @Nullable String nextCursor) {
}
