package io.tally.domain.schedule;

import io.tally.domain.common.InvalidValueException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression of five fields (minute, hour, day of month, month, day of week), as crontab(5) reads it: {@code *},
 * numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists, month and weekday names ({@code JAN},
 * {@code MON}; Sunday is 0 or 7), and the macros {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly} and
 * {@code @yearly}. When both the day of month and the day of week are restricted, a day matching either fires.
 *
 * <p>Fire times are local times in a timezone. A local time that a change to summer time skips fires once, at the first
 * valid instant after it (02:30 on the day the clocks go from 02:00 to 03:00 fires at 03:00); a local time that the change
 * back repeats fires once, at its first occurrence.
 */
public final class CronExpression {

    /** How far ahead a fire time is looked for (enough for a 29 February on a given weekday). */
    private static final int SEARCH_DAYS = 366 * 29;
    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
    private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, BitSet[] fields, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /**
     * Reads an expression; a problem is an {@link InvalidValueException} of the field {@code cron} whose message names the
     * cron field ("hour (field 2): 24 is outside 0-23").
     */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("cron", "is required: five fields, minute hour day-of-month month day-of-week, such as '0 9 * * 1'");
        }
        String given = text.strip().replaceAll("\\s+", " ");
        String expanded = MACROS.getOrDefault(given.toLowerCase(Locale.ROOT), given);
        if (expanded.startsWith("@")) {
            throw new InvalidValueException("cron", "'" + given + "' is not a macro; use @hourly, @daily, @weekly, @monthly or @yearly");
        }
        String[] parts = expanded.split(" ");
        if (parts.length != 5) {
            throw new InvalidValueException("cron", "has " + parts.length + " field" + (parts.length == 1 ? "" : "s")
                    + "; it takes five: minute hour day-of-month month day-of-week, such as '0 9 * * 1' (Mondays at 09:00)");
        }
        int[][] bounds = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(i, parts[i].toUpperCase(Locale.ROOT), bounds[i][0], bounds[i][1]);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
            fields[4].clear(7);
        }
        CronExpression cron = new CronExpression(given, fields, parts[2].startsWith("*"), parts[4].startsWith("*"));
        if (cron.next(Instant.parse("2000-01-01T00:00:00Z"), ZoneId.of("UTC")).isEmpty()) {
            throw new InvalidValueException("cron", "'" + given + "' never fires: no month of those has that day");
        }
        return cron;
    }

    private static BitSet field(int index, String part, int min, int max) {
        String name = FIELDS[index] + " (field " + (index + 1) + ")";
        BitSet set = new BitSet(max + 1);
        for (String item : part.split(",", -1)) {
            if (item.isEmpty()) {
                throw new InvalidValueException("cron", name + ": '" + part + "' has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(name, item.substring(slash + 1), index, 1, max);
                if (step < 1) {
                    throw new InvalidValueException("cron", name + ": the step in '" + item + "' must be 1 or more");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = index == 4 ? 6 : max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new InvalidValueException("cron", name + ": '" + item + "' is not a range such as 1-5");
                }
                from = number(name, ends[0], index, min, max);
                to = number(name, ends[1], index, min, max);
                if (to < from) {
                    throw new InvalidValueException("cron", name + ": the range '" + item + "' ends before it starts");
                }
            } else {
                from = number(name, range, index, min, max);
                to = slash >= 0 ? (index == 4 ? 6 : max) : from;
            }
            for (int value = from; value <= to; value += step) {
                set.set(value);
            }
        }
        return set;
    }

    private static int number(String name, String text, int index, int min, int max) {
        List<String> names = index == 3 ? MONTHS : index == 4 ? DAYS : List.of();
        int named = names.indexOf(text);
        if (named >= 0) {
            return index == 3 ? named + 1 : named;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("cron", name + ": '" + text + "' is not a number" + (names.isEmpty() ? ""
                    : " or a name (" + String.join(", ", names) + ")"));
        }
        if (value < min || value > max) {
            throw new InvalidValueException("cron", name + ": " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    /** The expression as given (whitespace normalised). */
    public String text() {
        return text;
    }

    /** Whether the expression fires on this local day. */
    private boolean firesOn(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = daysOfMonth.get(day.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    /** The first fire time strictly after {@code after} in the zone; empty if there is none (never, for an expression parse accepted). */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        Objects.requireNonNull(after, "after");
        ZoneRules rules = zone.getRules();
        LocalDateTime start = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!firesOn(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    LocalDateTime local = day.atTime(hour, minute);
                    if (local.isBefore(start)) {
                        continue;
                    }
                    Instant at = instant(local, rules);
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The next {@code count} fire times after {@code after}. */
    public List<Instant> nextRuns(Instant after, ZoneId zone, int count) {
        List<Instant> runs = new ArrayList<>();
        Instant from = after;
        while (runs.size() < count) {
            Optional<Instant> next = next(from, zone);
            if (next.isEmpty()) {
                break;
            }
            runs.add(next.get());
            from = next.get();
        }
        return runs;
    }

    /**
     * The instant of a local time: in a gap (skipped by a change to summer time) the instant the clocks changed, the first
     * valid one after it; in an overlap (repeated by the change back) its first occurrence.
     */
    private static Instant instant(LocalDateTime local, ZoneRules rules) {
        List<java.time.ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.getFirst());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
