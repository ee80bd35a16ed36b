package io.tally.domain.billing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Billing facts keep their times to the microsecond, as the database does, so a replay compares equal. */
final class Times {

    private Times() {
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
