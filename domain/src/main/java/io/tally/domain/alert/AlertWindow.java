package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The span a rule's value is measured over, ending when it is evaluated: the last hour or 24 hours (instants), today,
 * the last 7 or 30 days (today included) or this month (local days in the subject's timezone), or the customer's current
 * limit period (the calendar month or billing cycle its plan limit counts in, which the plan says). The previous window,
 * for {@code change_pct_…}: the hour or 24 hours just before; for the windows of local days, the same days one window
 * back, up to the same local time (today so far against yesterday until this time; this month so far against last
 * month until the same day, or its last).
 */
public enum AlertWindow {
    LAST_HOUR, LAST_24_HOURS, TODAY, LAST_7_DAYS, LAST_30_DAYS, THIS_MONTH, CURRENT_LIMIT_PERIOD;

    /** A window's span [start, end); empty when it has just begun (today at midnight). */
    public record Span(Instant start, Instant end) {
        public Span {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("a span ends before it starts");
            }
        }
    }

    /** The window ending at {@code now}, its days in {@code zone}; not for the limit period, which the plan gives. */
    public Span current(Instant now, ZoneId zone) {
        return new Span(start(now, zone), now);
    }

    /** The window before the one ending at {@code now}, as {@code change_pct_…} compares them. */
    public Span previous(Instant now, ZoneId zone) {
        return switch (this) {
            case LAST_HOUR -> new Span(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
            case LAST_24_HOURS -> new Span(now.minus(Duration.ofHours(48)), now.minus(Duration.ofHours(24)));
            case TODAY, LAST_7_DAYS, LAST_30_DAYS -> {
                ZonedDateTime local = now.atZone(zone);
                int days = this == TODAY ? 1 : this == LAST_7_DAYS ? 7 : 30;
                ZonedDateTime back = local.minusDays(days);
                yield new Span(start(back.toInstant(), zone), back.toInstant());
            }
            case THIS_MONTH -> {
                ZonedDateTime back = now.atZone(zone).minusMonths(1);
                yield new Span(start(back.toInstant(), zone), back.toInstant());
            }
            case CURRENT_LIMIT_PERIOD -> throw new IllegalArgumentException("the limit period has no window before it to compare with");
        };
    }

    private Instant start(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (this) {
            case LAST_HOUR -> now.minus(Duration.ofHours(1));
            case LAST_24_HOURS -> now.minus(Duration.ofHours(24));
            case TODAY -> today.atStartOfDay(zone).toInstant();
            case LAST_7_DAYS -> today.minusDays(6).atStartOfDay(zone).toInstant();
            case LAST_30_DAYS -> today.minusDays(29).atStartOfDay(zone).toInstant();
            case THIS_MONTH -> today.withDayOfMonth(1).atStartOfDay(zone).toInstant();
            case CURRENT_LIMIT_PERIOD -> throw new IllegalArgumentException("the limit period comes from the customer's plan");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertWindow fromWireName(String name, String field) {
        for (AlertWindow window : values()) {
            if (window.wireName().equals(name)) {
                return window;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a window; one of "
                + Arrays.stream(values()).map(AlertWindow::wireName).collect(Collectors.joining(", ")));
    }
}
