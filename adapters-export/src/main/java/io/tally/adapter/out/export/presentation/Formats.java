package io.tally.adapter.out.export.presentation;

import io.tally.domain.common.Money;
import io.tally.domain.report.Cell;
import io.tally.domain.report.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How values read in a PDF or an HTML page, the same for every locale: "1,234,567", "68.79 %", "117.2 s", "1,014.4 MB",
 * "USD 1,234.50" (at least the currency's minor digits, never converted), "2026-11-02",
 * "2026-11-02 14:03:07" in the report's timezone, and "—" for no value. Immutable and thread-safe.
 */
public final class Formats {

    public static final String EMPTY = "—";
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final int DECIMAL_DIGITS = 4;
    private static final int UNIT_DIGITS = 2;

    private final ZoneId zone;

    public Formats(ZoneId zone) {
        this.zone = zone;
    }

    /** A cell of a column or key figure of {@code type}. */
    public String cell(Cell cell, ValueType type) {
        return switch (cell) {
            case Cell.Empty empty -> EMPTY;
            case Cell.Text text -> text.value();
            case Cell.Number number -> number(number.value(), type);
            case Cell.Amount amount -> money(amount.value());
            case Cell.Day day -> day.value().toString();
            case Cell.Moment moment -> dateTime(moment.value());
        };
    }

    /** A number with its unit: counts whole, decimals as given up to 4 places, percent/seconds/MB up to 2. */
    public String number(BigDecimal value, ValueType type) {
        return switch (type) {
            case COUNT -> grouped(capped(value, DECIMAL_DIGITS));
            case PERCENT -> grouped(capped(value, UNIT_DIGITS)) + " %";
            case SECONDS -> grouped(capped(value, UNIT_DIGITS)) + " s";
            case MEGABYTES -> grouped(capped(value, UNIT_DIGITS)) + " MB";
            default -> grouped(capped(value, DECIMAL_DIGITS));
        };
    }

    /** "USD 1,234.50": the ISO code, then the amount with at least the currency's minor digits. */
    public String money(Money money) {
        return money.currency().value() + " " + grouped(new BigDecimal(money.amountText()));
    }

    /** "2026-11-02 14:03:07" in the report's timezone. */
    public String dateTime(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        return local.toLocalDate() + " " + two(local.getHour()) + ":" + two(local.getMinute()) + ":" + two(local.getSecond());
    }

    /** "2 Dec 2026, 09:15" in the report's timezone. */
    public String generatedAt(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        return longDay(local.toLocalDate()) + ", " + two(local.getHour()) + ":" + two(local.getMinute());
    }

    /** "1 Nov 2026 – 30 Nov 2026", both days included. */
    public String period(LocalDate from, LocalDate to) {
        return longDay(from) + " – " + longDay(to);
    }

    /** "1 Nov 2026". */
    public String longDay(LocalDate day) {
        return day.getDayOfMonth() + " " + month(day) + " " + day.getYear();
    }

    /** "2 Nov", for a daily chart axis. */
    public String shortDay(LocalDate day) {
        return day.getDayOfMonth() + " " + month(day);
    }

    /** "14:00", or "2 Nov 00:00" at midnight, for an hourly chart axis. */
    public String hourLabel(LocalDateTime hour) {
        String time = String.format(Locale.ROOT, "%02d:%02d", hour.getHour(), hour.getMinute());
        return hour.getHour() == 0 && hour.getMinute() == 0 ? shortDay(hour.toLocalDate()) + " " + time : time;
    }

    /** "Nov", or "Nov 2026" when {@code withYear}, for a monthly chart axis. */
    public String monthLabel(LocalDate day, boolean withYear) {
        return withYear ? month(day) + " " + day.getYear() : month(day);
    }

    /** Growth in percent with one decimal and no sign ("12.5 %"); the arrow shows the direction. */
    public String growth(BigDecimal percent) {
        BigDecimal magnitude = percent.abs().setScale(1, RoundingMode.HALF_UP);
        return magnitude.signum() == 0 ? "0 %" : grouped(magnitude) + " %";
    }

    /** A chart axis value with {@code decimals} places and the type's unit. */
    public String axis(double value, int decimals, ValueType type) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
        String number = grouped(rounded.signum() == 0 ? BigDecimal.ZERO.setScale(decimals) : rounded);
        return switch (type) {
            case PERCENT -> number + " %";
            case SECONDS -> number + " s";
            case MEGABYTES -> number + " MB";
            default -> number;
        };
    }

    /** The value with at most {@code digits} decimals (rounded half up) and none below zero scale. */
    private static BigDecimal capped(BigDecimal value, int digits) {
        if (value.scale() > digits) {
            return value.setScale(digits, RoundingMode.HALF_UP);
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** The plain digits with a comma every three places before the point: "-1,234,567.5". */
    public static String grouped(BigDecimal value) {
        String plain = value.toPlainString();
        int start = plain.startsWith("-") ? 1 : 0;
        int point = plain.indexOf('.');
        int end = point < 0 ? plain.length() : point;
        int digits = end - start;
        if (digits <= 3) {
            return plain;
        }
        StringBuilder out = new StringBuilder(plain.length() + digits / 3);
        out.append(plain, 0, start);
        for (int i = start; i < end; i++) {
            if (i > start && (end - i) % 3 == 0) {
                out.append(',');
            }
            out.append(plain.charAt(i));
        }
        out.append(plain, end, plain.length());
        return out.toString();
    }

    private static String month(LocalDate day) {
        return MONTHS[day.getMonthValue() - 1];
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
