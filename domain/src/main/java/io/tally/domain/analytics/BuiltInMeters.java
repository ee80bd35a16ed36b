package io.tally.domain.analytics;

import io.tally.domain.usage.EventType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The meters every tenant has, over the event conventions of docs/metrics.md. Their keys cannot be taken
 * by a tenant's own meters, and they cannot be changed or deleted.
 */
public final class BuiltInMeters {

    public static final MeterKey API_CALLS_MADE = MeterKey.of("api_calls_made");
    public static final MeterKey EXPORTS_GENERATED = MeterKey.of("exports_generated");
    public static final MeterKey EXPORTS_BY_FORMAT = MeterKey.of("exports_by_format");
    public static final MeterKey STORAGE_USED_MB = MeterKey.of("storage_used_mb");
    public static final MeterKey SESSIONS = MeterKey.of("sessions");
    public static final MeterKey SESSION_MINUTES = MeterKey.of("session_minutes");
    public static final MeterKey CONCURRENT_SESSIONS_PEAK = MeterKey.of("concurrent_sessions_peak");
    public static final MeterKey TRANSCRIPTIONS = MeterKey.of("transcriptions");
    public static final MeterKey FAILED_TRANSCRIPTIONS = MeterKey.of("failed_transcriptions");
    public static final MeterKey TRANSCRIPTION_MINUTES = MeterKey.of("transcription_minutes");
    public static final MeterKey CALLS = MeterKey.of("calls");
    public static final MeterKey COMPLETED_CALLS = MeterKey.of("completed_calls");
    public static final MeterKey CALL_DURATION_AVG_S = MeterKey.of("call_duration_avg_s");
    public static final MeterKey CALL_COST = MeterKey.of("call_cost");
    public static final MeterKey CALLS_BY_OUTCOME = MeterKey.of("calls_by_outcome");
    public static final MeterKey CALLS_BY_AGENT = MeterKey.of("calls_by_agent");
    public static final MeterKey COMPLETED_CALLS_BY_AGENT = MeterKey.of("completed_calls_by_agent");

    /** The figures of a usage summary, in the order they are shown. */
    public static final List<MeterKey> USAGE_SUMMARY = List.of(API_CALLS_MADE, EXPORTS_GENERATED, EXPORTS_BY_FORMAT, STORAGE_USED_MB,
            SESSIONS, SESSION_MINUTES, CONCURRENT_SESSIONS_PEAK, TRANSCRIPTIONS, FAILED_TRANSCRIPTIONS, TRANSCRIPTION_MINUTES);

    private static final EventType CALL = EventType.of("call");
    private static final EventType SESSION = EventType.of("session");
    private static final EventType TRANSCRIPTION = EventType.of("transcription");
    private static final EventType STORAGE_SNAPSHOT = EventType.of("storage.snapshot");

    private static final Map<MeterKey, Meter> ALL = new LinkedHashMap<>();

    static {
        add(API_CALLS_MADE, "API calls made", "Requests to the product's API (events of type api.call)", EventType.API_CALL,
                Aggregation.COUNT, null, null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(EXPORTS_GENERATED, "Exports generated", "Exports of reports and data (export.generated)", EventType.EXPORT_GENERATED,
                Aggregation.COUNT, null, null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(EXPORTS_BY_FORMAT, "Exports by format", "Exports per data.format", EventType.EXPORT_GENERATED,
                Aggregation.COUNT, null, null, Map.of(), List.of("format"), BigDecimal.ONE, null);
        add(STORAGE_USED_MB, "Storage used (MB)", "The last storage.snapshot's data.bytes in the period, in megabytes (10^6 bytes)",
                STORAGE_SNAPSHOT, Aggregation.LATEST, "bytes", null, Map.of(), List.of(), new BigDecimal("1000000"), 1);
        add(SESSIONS, "Sessions", "Sessions started (session)", SESSION, Aggregation.COUNT, null, null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(SESSION_MINUTES, "Session minutes", "Sum of the sessions' data.duration_s, in minutes", SESSION, Aggregation.SUM,
                "duration_s", null, Map.of(), List.of(), new BigDecimal("60"), 2);
        add(CONCURRENT_SESSIONS_PEAK, "Concurrent sessions (peak)",
                "The most sessions running at one instant; a session runs from its time for data.duration_s seconds", SESSION,
                Aggregation.MAX_CONCURRENT, "duration_s", null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(TRANSCRIPTIONS, "Transcriptions", "Transcriptions (transcription)", TRANSCRIPTION, Aggregation.COUNT, null, null,
                Map.of(), List.of(), BigDecimal.ONE, null);
        add(FAILED_TRANSCRIPTIONS, "Failed transcriptions", "Transcriptions whose data.status is failed", TRANSCRIPTION,
                Aggregation.COUNT, null, null, Map.of("status", "failed"), List.of(), BigDecimal.ONE, null);
        add(TRANSCRIPTION_MINUTES, "Transcription minutes", "Sum of the transcriptions' data.minutes", TRANSCRIPTION, Aggregation.SUM,
                "minutes", null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(CALLS, "Calls", "Calls (call)", CALL, Aggregation.COUNT, null, null, Map.of(), List.of(), BigDecimal.ONE, null);
        add(COMPLETED_CALLS, "Completed calls", "Calls whose data.outcome is completed", CALL, Aggregation.COUNT, null, null,
                Map.of("outcome", "completed"), List.of(), BigDecimal.ONE, null);
        add(CALL_DURATION_AVG_S, "Average call duration (s)", "Mean of the calls' data.duration_s", CALL, Aggregation.AVG,
                "duration_s", null, Map.of(), List.of(), BigDecimal.ONE, 2);
        add(CALL_COST, "Call cost", "Sum of the calls' data.cost per data.currency", CALL, Aggregation.SUM, "cost", null,
                Map.of(), List.of("currency"), BigDecimal.ONE, null);
        add(CALLS_BY_OUTCOME, "Calls by outcome", "Calls per data.outcome", CALL, Aggregation.COUNT, null, null, Map.of(),
                List.of("outcome"), BigDecimal.ONE, null);
        add(CALLS_BY_AGENT, "Calls by agent", "Calls per data.agent", CALL, Aggregation.COUNT, null, null, Map.of(),
                List.of("agent"), BigDecimal.ONE, null);
        add(COMPLETED_CALLS_BY_AGENT, "Completed calls by agent", "Completed calls per data.agent", CALL, Aggregation.COUNT, null,
                null, Map.of("outcome", "completed"), List.of("agent"), BigDecimal.ONE, null);
    }

    private BuiltInMeters() {
    }

    private static void add(MeterKey key, String name, String description, EventType type, Aggregation aggregation, String measure,
                            String dimension, Map<String, String> filters, List<String> groupBy, BigDecimal divisor, Integer decimals) {
        ALL.put(key, new Meter(key, name, Optional.of(description), type, aggregation, Optional.ofNullable(measure),
                Optional.ofNullable(dimension), filters, groupBy, divisor, Optional.ofNullable(decimals), true));
    }

    public static Optional<Meter> find(MeterKey key) {
        return Optional.ofNullable(ALL.get(key));
    }

    public static Meter get(MeterKey key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("no built-in meter " + key));
    }

    public static boolean isBuiltIn(MeterKey key) {
        return ALL.containsKey(key);
    }

    public static List<Meter> all() {
        return List.copyOf(ALL.values());
    }
}
