package io.tally.application.port.in;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a submitted batch as the transport read it: its CloudEvents attributes as sent (absent ones
 * null) and its {@code data} already split into string values (dimensions) and numbers (measures); or, when
 * the transport could not read it as an event at all, the reason ({@code unreadable}), with whatever
 * {@code id} it found. The use case decides whether readable attributes make a valid event.
 */
public record EventSubmission(String specVersion, String id, String source, String type, String subject, String time,
                              Map<String, String> dimensions, Map<String, BigDecimal> measures, String unreadable) {

    public EventSubmission {
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(measures, "measures");
    }

    public static EventSubmission of(String specVersion, String id, String source, String type, String subject, String time,
                                     Map<String, String> dimensions, Map<String, BigDecimal> measures) {
        return new EventSubmission(specVersion, id, source, type, subject, time, dimensions, measures, null);
    }

    public static EventSubmission unreadable(String id, String reason) {
        return new EventSubmission(null, id, null, null, null, null, Map.of(), Map.of(), Objects.requireNonNull(reason, "reason"));
    }

    public boolean isReadable() {
        return unreadable == null;
    }
}
