package io.tally.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    /** What the general formatter says, as the reference. */
    private static Instant reference(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T09:00:00Z", "2026-03-01t09:00:00z", "2026-03-01T10:00:00.25+01:00",
        "2026-03-01T09:00:00.123456789Z", "2026-03-01T09:00:00.1Z", "2024-02-29T23:59:59-05:30", "1970-01-01T00:00:00+18:00",
        "2026-11-01T01:30:00-04:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void readsWhatTheStandardFormatterReads(String text) {
        assertThat(Rfc3339.parse(text)).isNotNull().isEqualTo(reference(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T09:00:00", "2026-03-01 09:00:00Z", "2026-02-29T09:00:00Z", "2026-13-01T09:00:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z", "2026-03-01T09:00:60Z",         "2026-03-01T09:00:00.1234567890Z", "2026-03-01T09:00:00+19:00", "2026-03-01T09:00:00+0100", "2026-03-01T09:00:00Zjunk",
        "yesterday", "", "2026-3-1T09:00:00Z", "+2026-03-01T09:00:00Z", "2026-03-01T09:00:00+01:60", "２０２６-03-01T09:00:00Z"})
    void refusesWhatTheStandardFormatterRefuses(String text) {
        assertThat(reference(text)).isNull();
        assertThat(Rfc3339.parse(text)).isNull();
    }

    @Test
    void refusesADecimalPointWithoutDigitsWhichTheJdkFormatterLetsThrough() {
        assertThat(reference("2026-03-01T09:00:00.Z")).isNotNull();
        assertThat(Rfc3339.parse("2026-03-01T09:00:00.Z")).as("RFC 3339: time-secfrac = \".\" 1*DIGIT").isNull();
    }

    @Test
    void agreesWithTheStandardFormatterOnManyGeneratedTimestamps() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(reference(text)).isEqualTo(instant);
        }
    }
}
