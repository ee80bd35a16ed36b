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

    // content analytics: content.published and content.engagement (docs/metrics.md, "Content analytics")
    public static final MeterKey POSTS_PUBLISHED = MeterKey.of("posts_published");
    public static final MeterKey CONTENT_VIEWS = MeterKey.of("content_views");
    public static final MeterKey CONTENT_LIKES = MeterKey.of("content_likes");
    public static final MeterKey CONTENT_SHARES = MeterKey.of("content_shares");
    public static final MeterKey CONTENT_COMMENTS = MeterKey.of("content_comments");
    public static final MeterKey CONTENT_CLICKS = MeterKey.of("content_clicks");

    // sales analytics: order.placed and order.refunded (docs/metrics.md, "Sales analytics")
    public static final MeterKey ORDERS = MeterKey.of("orders");
    public static final MeterKey ORDERS_IN_CURRENCY = MeterKey.of("orders_in_currency");
    public static final MeterKey GROSS_SALES = MeterKey.of("gross_sales");
    public static final MeterKey SALES_REFUNDS = MeterKey.of("sales_refunds");
    public static final MeterKey ITEMS_SOLD = MeterKey.of("items_sold");
    public static final MeterKey ACTIVE_VENDORS = MeterKey.of("active_vendors");
    public static final MeterKey ACTIVE_BUYERS = MeterKey.of("active_buyers");
    public static final MeterKey NEW_BUYERS = MeterKey.of("new_buyers");
    public static final MeterKey REPEAT_BUYERS = MeterKey.of("repeat_buyers");

    /** The figures of a usage summary, in the order they are shown. */
    public static final List<MeterKey> USAGE_SUMMARY = List.of(API_CALLS_MADE, EXPORTS_GENERATED, EXPORTS_BY_FORMAT, STORAGE_USED_MB,
            SESSIONS, SESSION_MINUTES, CONCURRENT_SESSIONS_PEAK, TRANSCRIPTIONS, FAILED_TRANSCRIPTIONS, TRANSCRIPTION_MINUTES);

    private static final EventType CALL = EventType.of("call");
    private static final EventType SESSION = EventType.of("session");
    private static final EventType TRANSCRIPTION = EventType.of("transcription");
    private static final EventType STORAGE_SNAPSHOT = EventType.of("storage.snapshot");
    private static final EventType CONTENT_PUBLISHED = EventType.of("content.published");
    private static final EventType CONTENT_ENGAGEMENT = EventType.of("content.engagement");
    private static final EventType ORDER_PLACED = EventType.of("order.placed");
    private static final EventType ORDER_REFUNDED = EventType.of("order.refunded");
    /** An engagement belongs to its post: the content.published event of its content_id. */
    private static final ItemJoin POST = new ItemJoin(CONTENT_PUBLISHED, "content_id");
    /** A refund belongs to its order: the order.placed event of its order_id. */
    private static final ItemJoin ORDER = new ItemJoin(ORDER_PLACED, "order_id");
    /** An order belongs to its buyer's first order. */
    private static final ItemJoin FIRST_ORDER = new ItemJoin(ORDER_PLACED, "buyer");

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

        add(POSTS_PUBLISHED, "Posts published", "Posts published (content.published)", CONTENT_PUBLISHED, Aggregation.COUNT, null, null,
                Map.of(), List.of(), BigDecimal.ONE, null);
        for (MeterKey key : List.of(CONTENT_VIEWS, CONTENT_LIKES, CONTENT_SHARES, CONTENT_COMMENTS, CONTENT_CLICKS)) {
            String measure = key.value().substring("content_".length());
            add(key, "Content " + measure, "Sum of the content.engagement events' data." + measure + ", each with its post's dimensions",
                    CONTENT_ENGAGEMENT, Aggregation.SUM, measure, null, Map.of(), List.of(), POST);
        }

        add(ORDERS, "Orders", "Orders placed (order.placed)", ORDER_PLACED, Aggregation.COUNT, null, null, Map.of(), List.of(), BigDecimal.ONE,
                null);
        add(ORDERS_IN_CURRENCY, "Orders per currency", "Orders placed per data.currency", ORDER_PLACED, Aggregation.COUNT, null, null,
                Map.of(), List.of("currency"), BigDecimal.ONE, null);
        add(GROSS_SALES, "Gross sales", "Sum of the orders' data.amount per data.currency", ORDER_PLACED, Aggregation.SUM, "amount", null,
                Map.of(), List.of(), BigDecimal.ONE, null);
        add(SALES_REFUNDS, "Sales refunds", "Sum of the order.refunded events' data.amount per data.currency, each with its order's dimensions",
                ORDER_REFUNDED, Aggregation.SUM, "amount", null, Map.of(), List.of(), ORDER);
        add(ITEMS_SOLD, "Items sold", "Sum of the orders' data.items", ORDER_PLACED, Aggregation.SUM, "items", null, Map.of(), List.of(),
                BigDecimal.ONE, null);
        add(ACTIVE_VENDORS, "Active vendors", "Distinct data.vendor of the orders", ORDER_PLACED, Aggregation.UNIQUE_COUNT, null, "vendor",
                Map.of(), List.of(), BigDecimal.ONE, null);
        add(ACTIVE_BUYERS, "Buyers", "Distinct data.buyer of the orders", ORDER_PLACED, Aggregation.UNIQUE_COUNT, null, "buyer", Map.of(),
                List.of(), BigDecimal.ONE, null);
        add(NEW_BUYERS, "New buyers", "Orders that are their buyer's first order ever", ORDER_PLACED, Aggregation.COUNT, null, null,
                Map.of(DerivedDimension.FIRST.wireName(), "true"), List.of(), FIRST_ORDER);
        add(REPEAT_BUYERS, "Repeat buyers", "Distinct data.buyer of the orders that are not their buyer's first", ORDER_PLACED,
                Aggregation.UNIQUE_COUNT, null, "buyer", Map.of(DerivedDimension.FIRST.wireName(), "false"), List.of(), FIRST_ORDER);
    }

    private BuiltInMeters() {
    }

    private static void add(MeterKey key, String name, String description, EventType type, Aggregation aggregation, String measure,
                            String dimension, Map<String, String> filters, List<String> groupBy, BigDecimal divisor, Integer decimals) {
        ALL.put(key, new Meter(key, name, Optional.of(description), type, aggregation, Optional.ofNullable(measure),
                Optional.ofNullable(dimension), filters, groupBy, divisor, Optional.ofNullable(decimals), true));
    }

    private static void add(MeterKey key, String name, String description, EventType type, Aggregation aggregation, String measure,
                            String dimension, Map<String, String> filters, List<String> groupBy, ItemJoin join) {
        ALL.put(key, new Meter(key, name, Optional.of(description), type, aggregation, Optional.ofNullable(measure),
                Optional.ofNullable(dimension), filters, groupBy, BigDecimal.ONE, Optional.empty(), true, Optional.of(join)));
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
