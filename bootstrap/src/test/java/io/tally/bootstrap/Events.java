package io.tally.bootstrap;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** CloudEvents JSON for tests. */
final class Events {

    private Events() {
    }

    /** A call event of a customer, an hour ago on the test clock, with outcome, duration and cost. */
    static Map<String, Object> call(String id, String subject) {
        return event(id, "calls", "call", subject, TestClock.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                Map.of("outcome", "completed", "agent", "ana", "duration_s", 61, "cost", 0.25, "currency", "USD"));
    }

    static Map<String, Object> event(String id, String source, String type, String subject, String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("subject", subject);
        if (time != null) {
            event.put("time", time);
        }
        event.put("data", data);
        return event;
    }

    static List<Map<String, Object>> batch(int size, IntFunction<Map<String, Object>> item) {
        List<Map<String, Object>> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(item.apply(i));
        }
        return events;
    }
}
