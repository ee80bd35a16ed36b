package io.tally.domain.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Dimensions every event has without carrying them, named with an {@code @} that no data name starts with: the
 * local weekday and hour of its item's time (the event's own time when its meter has no {@link ItemJoin}), in the
 * timezone of the question, and, for a joined meter, whether the event is its item itself. They group and filter like
 * any dimension: "engagement by the weekday and hour the post was published", "orders that are a buyer's first".
 */
public enum DerivedDimension {
    /** {@code Mon} … {@code Sun}. */
    WEEKDAY("@weekday"),
    /** {@code 00} … {@code 23}: the local hour that began at the item's time. */
    HOUR("@hour"),
    /** {@code Mon 09:00}: the weekday and the hour together, one slot of the week. */
    WEEKDAY_HOUR("@weekday_hour"),
    /** {@code true} for the event that is its item (a buyer's first order), {@code false} for the others; joined meters only. */
    FIRST("@first");

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private final String wireName;

    DerivedDimension(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether it needs a join ({@link #FIRST}). */
    public boolean needsJoin() {
        return this == FIRST;
    }

    public static Optional<DerivedDimension> find(String name) {
        return Arrays.stream(values()).filter(dimension -> dimension.wireName.equals(name)).findFirst();
    }

    public static boolean isDerived(String name) {
        return name != null && name.startsWith("@") && find(name).isPresent();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(DerivedDimension::wireName).collect(Collectors.joining(", "));
    }

    /** The value of a time part at {@code itemTime} in {@code zone}; {@link #FIRST} is answered by {@link #first}. */
    public String valueAt(Instant itemTime, ZoneId zone) {
        ZonedDateTime local = itemTime.atZone(zone);
        String day = DAYS[local.getDayOfWeek().getValue() - 1];
        String hour = String.format("%02d", local.getHour());
        return switch (this) {
            case WEEKDAY -> day;
            case HOUR -> hour;
            case WEEKDAY_HOUR -> day + " " + hour + ":00";
            case FIRST -> throw new IllegalStateException("@first is not a time part");
        };
    }

    /** {@link #FIRST}'s value. */
    public static String first(boolean isItem) {
        return Boolean.toString(isItem);
    }
}
