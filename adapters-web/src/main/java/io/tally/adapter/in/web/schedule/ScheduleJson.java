package io.tally.adapter.in.web.schedule;

import io.tally.application.port.in.schedule.ScheduleView;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Schedules and runs as the API shows them: snake_case, instants as RFC 3339 (fire times with the schedule's offset). */
final class ScheduleJson {

    /** What a schedule's JSON carries besides its definition; a PUT of what GET answered leaves them out. */
    static final Set<String> ABOUT = Set.of("id", "version", "created_by", "created_at", "updated_by", "updated_at", "next_runs");

    private ScheduleJson() {
    }

    static Map<String, Object> schedule(ScheduleView view) {
        Schedule schedule = view.schedule();
        ZoneId zone = schedule.definition().timezone().zone();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", schedule.id().toString());
        json.putAll(schedule.definition().json());
        json.put("next_runs", fireTimes(view.nextRuns(), zone));
        json.put("version", schedule.version());
        json.put("created_by", schedule.createdBy());
        json.put("created_at", schedule.createdAt().toString());
        json.put("updated_by", schedule.updatedBy());
        json.put("updated_at", schedule.updatedAt().toString());
        return json;
    }

    /** Fire times as RFC 3339 with the offset of their timezone at each time. */
    static List<String> fireTimes(List<Instant> runs, ZoneId zone) {
        return runs.stream().map(at -> local(at, zone)).toList();
    }

    static Map<String, Object> run(ScheduleRun run, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id().toString());
        json.put("schedule_id", run.scheduleId().toString());
        json.put("fire_time", run.fireTime().toString());
        json.put("trigger", run.trigger().wireName());
        json.put("idempotency_key", run.idempotencyKey());
        json.put("status", run.status().wireName());
        json.put("attempts", run.attempts());
        json.put("node", run.node().orElse(null));
        json.put("created_at", run.createdAt().toString());
        json.put("started_at", text(run.startedAt()));
        json.put("finished_at", text(run.finishedAt()));
        json.put("data_complete_as_of", text(run.dataAsOf()));
        json.put("watermark", run.watermark().orElse(null));
        json.put("period", run.periodJson().orElse(null));
        json.put("error", run.error().orElse(null));
        json.put("files", run.files().stream().map(file -> file(run, file, now)).toList());
        json.put("deliveries", run.deliveries().stream().map(ScheduleJson::delivery).toList());
        return json;
    }

    private static Map<String, Object> file(ScheduleRun run, ScheduleFile file, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", file.format().wireName());
        json.put("file_name", file.fileName().name());
        json.put("rows", file.rows());
        json.put("bytes", file.bytes());
        json.put("sha256", file.sha256());
        json.put("expires_at", file.expiresAt().toString());
        json.put("expired", file.isExpired(now));
        json.put("url", "/api/v1/schedules/" + run.scheduleId() + "/runs/" + run.id() + "/files/" + file.format().wireName());
        return json;
    }

    private static Map<String, Object> delivery(Delivery delivery) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", delivery.id().toString());
        json.put("channel", delivery.channel().json());
        json.put("status", delivery.status().wireName());
        json.put("next_attempt_at", delivery.status().isFinished() ? null : text(delivery.nextAttemptAt()));
        List<Map<String, Object>> attempts = delivery.attempts().stream().map(attempt -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("attempt", attempt.number());
            one.put("at", attempt.at().toString());
            one.put("outcome", attempt.succeeded() ? "succeeded" : "failed");
            one.put("reply", attempt.reply().orElse(null));
            one.put("error", attempt.error().orElse(null));
            one.put("duration_ms", attempt.duration().toMillis());
            return one;
        }).toList();
        json.put("attempts", attempts);
        return json;
    }

    private static String local(Instant at, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime());
    }

    private static String text(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }
}
