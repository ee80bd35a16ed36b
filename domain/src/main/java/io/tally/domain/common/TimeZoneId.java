package io.tally.domain.common;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * An IANA time-zone name such as {@code Europe/Berlin} or {@code Asia/Taipei}. Fixed offsets ("+02:00") and
 * the three-letter abbreviations ("EST") are refused: days are cut at local midnight, which only a region
 * with its daylight-saving rules can tell. {@code UTC} is accepted.
 */
public record TimeZoneId(String value) {

    private static final Set<String> REGIONS = ZoneId.getAvailableZoneIds();

    public static final TimeZoneId UTC = new TimeZoneId("UTC");

    public TimeZoneId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new InvalidValueException("'" + value + "' is not an IANA time zone (for example Europe/Berlin or UTC)");
        }
    }

    public static TimeZoneId of(String value) {
        return new TimeZoneId(value);
    }

    public static boolean isValid(String value) {
        return value != null && REGIONS.contains(value) && !ZoneId.SHORT_IDS.containsKey(value);
    }

    public ZoneId zone() {
        return ZoneId.of(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
