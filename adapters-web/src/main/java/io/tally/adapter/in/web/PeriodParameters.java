package io.tally.adapter.in.web;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.billing.BillingPeriodSpec;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads {@code days}, {@code from}, {@code to} (YYYY-MM-DD) and {@code tz} (IANA) as a period specification. */
final class PeriodParameters {

    private PeriodParameters() {
    }

    static PeriodSpec of(Integer days, String from, String to, String tz) {
        return new PeriodSpec(Optional.ofNullable(days), date("from", from), date("to", to), zone(tz));
    }

    /** {@code days}, {@code from} and {@code to}, or {@code month} (YYYY-MM), as a billing period, always in the tenant's timezone. */
    static BillingPeriodSpec billing(Integer days, String from, String to, String month) {
        Optional<YearMonth> parsedMonth = Optional.empty();
        if (month != null) {
            try {
                parsedMonth = Optional.of(YearMonth.parse(month));
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("month", "must be a month, YYYY-MM");
            }
        }
        return new BillingPeriodSpec(Optional.ofNullable(days), date("from", from), date("to", to), parsedMonth);
    }

    private static Optional<LocalDate> date(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "must be a date, YYYY-MM-DD");
        }
    }

    private static Optional<TimeZoneId> zone(String tz) {
        if (tz == null) {
            return Optional.empty();
        }
        if (!TimeZoneId.isValid(tz)) {
            throw new InvalidValueException("tz", "must be an IANA time zone name, such as Europe/Berlin or UTC");
        }
        return Optional.of(TimeZoneId.of(tz));
    }
}
