package io.tally.bootstrap;

import io.tally.domain.common.Rfc3339;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The clock of the integration tests, and of the server they start ({@link TestClockFactory} puts it in place of
 * the system clock): a base instant plus the time this JVM has run since the clock was first read, so time still
 * moves forward (export heartbeats, late-arrival windows and caches keep working). The base is the system property
 * {@value #PROPERTY} (an RFC 3339 instant such as {@code 2028-06-01T00:00:00Z}; {@code bin/test
 * -Dtally.test.now=…} passes it on) when set, else the real current time. Fixtures are written relative to it, so
 * no test depends on the day it runs: {@code bin/test -Dtally.test.now=2029-01-01T00:30:00Z} runs the whole suite
 * as if it were then.
 *
 * <p>Only application time moves: JWTs are still minted and checked on the wall clock ({@link Tokens}).
 */
final class TestClock extends Clock {

    static final String PROPERTY = "tally.test.now";

    private static final Instant BASE = base(System.getProperty(PROPERTY));
    private static final long STARTED_NANOS = System.nanoTime();
    private static final TestClock UTC = new TestClock(ZoneOffset.UTC);

    static {
        LoggerFactory.getLogger(TestClock.class).info("the tests and their server run on the test clock, now {} ({})", now(), baseSource());
    }

    private final ZoneId zone;

    private TestClock(ZoneId zone) {
        this.zone = zone;
    }

    /** Where the base came from, for the log: the property, or the real time. */
    private static String baseSource() {
        String property = System.getProperty(PROPERTY);
        return property == null || property.isBlank() ? "the real time when it was first read" : "-D" + PROPERTY + "=" + property.strip();
    }

    /** The clock, in UTC. */
    static TestClock utc() {
        return UTC;
    }

    /** The current instant of the test clock. */
    static Instant now() {
        return BASE.plusNanos(System.nanoTime() - STARTED_NANOS).truncatedTo(ChronoUnit.MICROS);
    }

    /** Today in the zone, on the test clock. */
    static LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }

    /** The first day of the month {@code monthsBack} months before the current one in the zone (0: this month). */
    static LocalDate monthStart(int monthsBack, ZoneId zone) {
        return today(zone).withDayOfMonth(1).minusMonths(monthsBack);
    }

    /** The zone's latest change to summer time (the clocks go forward, the day is short) at least {@code ago} before now. */
    static ZoneOffsetTransition lastSpringForward(ZoneId zone, Duration ago) {
        return lastTransition(zone, ago, ZoneOffsetTransition::isGap);
    }

    /** The zone's latest change back to standard time (the clocks go back, the day is long) at least {@code ago} before now. */
    static ZoneOffsetTransition lastFallBack(ZoneId zone, Duration ago) {
        return lastTransition(zone, ago, ZoneOffsetTransition::isOverlap);
    }

    /** The zone's latest change of its clocks, either way, at least {@code ago} before now. */
    static ZoneOffsetTransition lastClockChange(ZoneId zone, Duration ago) {
        return lastTransition(zone, ago, transition -> true);
    }

    private static ZoneOffsetTransition lastTransition(ZoneId zone, Duration ago, Predicate<ZoneOffsetTransition> kind) {
        Instant before = now().minus(ago);
        ZoneOffsetTransition transition = zone.getRules().previousTransition(before);
        while (transition != null && !kind.test(transition)) {
            transition = zone.getRules().previousTransition(transition.getInstant());
        }
        if (transition == null) {
            throw new IllegalArgumentException(zone + " has no such clock change before " + before);
        }
        return transition;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new TestClock(zone);
    }

    @Override
    public Instant instant() {
        return now();
    }

    private static Instant base(String property) {
        if (property == null || property.isBlank()) {
            return Instant.now();
        }
        Instant base = Rfc3339.parse(property.strip());
        if (base == null) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be an RFC 3339 instant such as 2028-06-01T00:00:00Z, not '"
                    + property + "'");
        }
        return base;
    }

    @Override
    public String toString() {
        return "TestClock[base " + BASE + ", " + zone + "]";
    }
}
