package io.tally.domain.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads RFC 3339 timestamps with an offset, {@code 2026-03-01T09:00:00Z} or
 * {@code 2026-03-01T10:00:00.250+01:00}, without the general-purpose formatter, which is slow on the
 * ingestion path. The rules are those of {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} for this shape:
 * 'T' or 't', 'Z' or 'z', 1 to 9 fraction digits, offsets up to ±18:00, real calendar dates.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /** The instant, or null when the text is not an RFC 3339 timestamp with an offset. */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7) || text.charAt(7) != '-'
                || !digits(text, 8, 10) || (text.charAt(10) != 'T' && text.charAt(10) != 't')
                || !digits(text, 11, 13) || text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':'
                || !digits(text, 17, 19)) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            int count = position - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = Integer.parseInt(text, start, position, 10);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (position >= length) {
            return null;
        }
        int offsetSeconds;
        char sign = text.charAt(position);
        if ((sign == 'Z' || sign == 'z') && position + 1 == length) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && position + 6 == length && digits(text, position + 1, position + 3)
                && text.charAt(position + 3) == ':' && digits(text, position + 4, position + 6)) {
            int hours = number(text, position + 1, position + 3);
            int minutes = number(text, position + 4, position + 6);
            if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                    number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos);
            return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}
