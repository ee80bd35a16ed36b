package io.tally.domain.schedule;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** When a schedule fires: a five-field cron read in an IANA timezone. */
public record ScheduleTiming(CronExpression cron, TimeZoneId timezone) {

    public ScheduleTiming {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
    }

    /** The {@code cron} and {@code timezone} fields of the API's JSON; each problem names its field. */
    public static ScheduleTiming read(Map<String, Object> json) {
        if (!(json.get("cron") instanceof String cronText)) {
            throw new InvalidValueException("cron", "is required: five fields, minute hour day-of-month month day-of-week, such as '0 9 * * 1'");
        }
        CronExpression cron = CronExpression.parse(cronText);
        Object zone = json.get("timezone");
        if (!(zone instanceof String zoneText) || !TimeZoneId.isValid(zoneText)) {
            throw new InvalidValueException("timezone", zone == null ? "is required: an IANA timezone such as Europe/Berlin"
                    : "'" + zone + "' is not an IANA timezone such as Europe/Berlin");
        }
        return new ScheduleTiming(cron, TimeZoneId.of(zoneText));
    }

    /** The next {@code count} fire times after {@code after}. */
    public List<Instant> nextRuns(Instant after, int count) {
        return cron.nextRuns(after, timezone.zone(), count);
    }
}
