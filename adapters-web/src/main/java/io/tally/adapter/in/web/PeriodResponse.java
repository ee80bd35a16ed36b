package io.tally.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.analytics.Period;
import java.time.LocalDate;

/** A period as answers show it: its first and last local day and the timezone they are cut in. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PeriodResponse(LocalDate from, LocalDate to, String timezone) {

    public static PeriodResponse of(Period period) {
        return new PeriodResponse(period.from(), period.to(), period.zone().value());
    }
}
