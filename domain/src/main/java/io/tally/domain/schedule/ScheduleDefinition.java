package io.tally.domain.schedule;

import io.tally.domain.delivery.Channel;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.ExportFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A schedule as a manager defines it: a name, what to send ({@link ScheduleTarget}), in which formats, when (a cron in an
 * IANA timezone), where ({@link Channel}s), whether it is enabled, and how many days its stored files are kept.
 */
public record ScheduleDefinition(String name, ScheduleTarget target, List<ExportFormat> formats, CronExpression cron, TimeZoneId timezone,
                                 List<Channel> channels, boolean enabled, int retentionDays) {

    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final int MAX_RETENTION_DAYS = 90;
    private static final Set<String> FIELDS = Set.of("name", "report", "params", "formats", "cron", "timezone", "channels", "enabled",
            "retention_days");

    public ScheduleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        formats = List.copyOf(formats);
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        channels = List.copyOf(channels);
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidValueException("name", "is required: 1 to 200 characters");
        }
        if (formats.isEmpty() || formats.size() != Set.copyOf(formats).size()) {
            throw new InvalidValueException("formats", "is required: one or more of pdf, csv, xlsx, html, json, each once");
        }
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw new InvalidValueException("retention_days", "must be 1 to " + MAX_RETENTION_DAYS + " days");
        }
    }

    /** The same schedule, enabled or not. */
    public ScheduleDefinition withEnabled(boolean on) {
        return new ScheduleDefinition(name, target, formats, cron, timezone, channels, on, retentionDays);
    }

    /** When the schedule fires. */
    public ScheduleTiming timing() {
        return new ScheduleTiming(cron, timezone);
    }

    /** A definition from the API's JSON; each problem names its field ({@code channels[1].url}). */
    public static ScheduleDefinition read(Map<String, Object> json) {
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidValueException(field, "is not a field of a schedule; they are " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        if (!(json.get("name") instanceof String name)) {
            throw new InvalidValueException("name", "is required: 1 to 200 characters");
        }
        ScheduleTarget target = ScheduleTarget.read(json.get("report"), json.get("params"));
        if (!(json.get("formats") instanceof List<?> given) || given.isEmpty()) {
            throw new InvalidValueException("formats", "is required: a list of one or more of pdf, csv, xlsx, html, json");
        }
        List<ExportFormat> formats = new ArrayList<>();
        for (Object format : given) {
            formats.add(ExportFormat.fromWireName(format instanceof String text ? text : String.valueOf(format), "formats"));
        }
        ScheduleTiming timing = ScheduleTiming.read(json);
        List<Channel> channels = Channel.readAll(json.get("channels"));
        Object enabled = json.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new InvalidValueException("enabled", "must be true or false");
        }
        Object retention = json.get("retention_days");
        if (retention != null && !(retention instanceof Integer)) {
            throw new InvalidValueException("retention_days", "must be a whole number of days, 1 to " + MAX_RETENTION_DAYS);
        }
        return new ScheduleDefinition(name.strip(), target, formats, timing.cron(), timing.timezone(), channels, !Boolean.FALSE.equals(enabled),
                retention == null ? DEFAULT_RETENTION_DAYS : (Integer) retention);
    }

    /** The definition as the API shows it and {@link #read} takes it back. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("report", target.report());
        json.put("params", target.params());
        json.put("formats", formats.stream().map(ExportFormat::wireName).toList());
        json.put("cron", cron.text());
        json.put("timezone", timezone.value());
        json.put("channels", channels.stream().map(Channel::json).toList());
        json.put("enabled", enabled);
        json.put("retention_days", retentionDays);
        return json;
    }
}
