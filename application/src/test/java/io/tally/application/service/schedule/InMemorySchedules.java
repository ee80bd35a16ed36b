package io.tally.application.service.schedule;

import io.tally.application.port.in.schedule.RunCursor;
import io.tally.application.port.out.schedule.ScheduleStorePort;
import io.tally.domain.analytics.Period;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.tenant.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** {@link ScheduleStorePort} in memory, for one tenant's tests (the tenant is not checked). */
final class InMemorySchedules implements ScheduleStorePort {

    final Map<UUID, Schedule> schedules = new TreeMap<>();
    final Map<UUID, ScheduleRun> runs = new LinkedHashMap<>();
    final Map<UUID, ScheduleFile> files = new LinkedHashMap<>();
    final Map<UUID, ByteArrayOutputStream> contents = new LinkedHashMap<>();
    final Map<UUID, Delivery> deliveries = new LinkedHashMap<>();

    @Override
    public void create(TenantId tenant, Schedule schedule) {
        schedules.put(schedule.id(), schedule);
    }

    @Override
    public Optional<Schedule> find(TenantId tenant, UUID id) {
        return Optional.ofNullable(schedules.get(id));
    }

    @Override
    public Optional<Schedule> findForUpdate(TenantId tenant, UUID id) {
        return find(tenant, id);
    }

    @Override
    public List<Schedule> list(TenantId tenant, Optional<UUID> after, int limit) {
        return schedules.values().stream().filter(s -> after.isEmpty() || s.id().compareTo(after.get()) > 0).limit(limit + 1L).toList();
    }

    @Override
    public void update(TenantId tenant, Schedule schedule) {
        schedules.put(schedule.id(), schedule);
    }

    @Override
    public List<Enabled> enabled() {
        return schedules.values().stream().filter(s -> s.definition().enabled()).map(s -> new Enabled(ScheduleRunnerTest.TENANT, s)).toList();
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        runs.values().removeIf(run -> run.scheduleId().equals(id));
        return schedules.remove(id) != null;
    }

    @Override
    public ScheduleRun createRunIfAbsent(TenantId tenant, ScheduleRun run) {
        for (ScheduleRun existing : runs.values()) {
            if (existing.scheduleId().equals(run.scheduleId()) && existing.fireTime().equals(run.fireTime()) && existing.trigger() == run.trigger()) {
                return findRun(tenant, existing.id()).orElseThrow();
            }
        }
        runs.put(run.id(), run);
        return run;
    }

    @Override
    public Optional<ScheduleRun> findRun(TenantId tenant, UUID id) {
        ScheduleRun run = runs.get(id);
        if (run == null) {
            return Optional.empty();
        }
        List<ScheduleFile> ofRun = files.values().stream().filter(f -> f.runId().equals(id)).toList();
        List<Delivery> sent = deliveries.values().stream().filter(d -> d.source().equals(id)).sorted(Comparator.comparingInt(Delivery::position))
                .toList();
        return Optional.of(new ScheduleRun(run.id(), run.scheduleId(), run.fireTime(), run.trigger(), run.status(), run.attempts(), run.node(),
                run.createdAt(), run.startedAt(), run.finishedAt(), run.dataAsOf(), run.watermark(), run.period(), run.error(), ofRun, sent));
    }

    @Override
    public List<ScheduleRun> listRuns(TenantId tenant, UUID schedule, Optional<RunCursor> before, int limit) {
        return runs.values().stream().filter(r -> r.scheduleId().equals(schedule)).map(r -> findRun(tenant, r.id()).orElseThrow())
                .sorted(Comparator.comparing(ScheduleRun::createdAt).reversed()).limit(limit + 1L).toList();
    }

    @Override
    public Optional<ScheduleRun> startRun(TenantId tenant, UUID id, String node, Instant now) {
        ScheduleRun run = runs.get(id);
        if (run == null || run.status().isFinished() || run.status() == ScheduleRun.Status.DELIVERING) {
            return Optional.empty();
        }
        runs.put(id, new ScheduleRun(run.id(), run.scheduleId(), run.fireTime(), run.trigger(), ScheduleRun.Status.RUNNING, run.attempts() + 1,
                Optional.of(node), run.createdAt(), Optional.of(now), run.finishedAt(), run.dataAsOf(), run.watermark(), run.period(), run.error(),
                List.of(), List.of()));
        return findRun(tenant, id);
    }

    @Override
    public void recordRunData(TenantId tenant, UUID id, Instant dataAsOf, long watermark, Optional<Period> period) {
        ScheduleRun run = runs.get(id);
        runs.put(id, new ScheduleRun(run.id(), run.scheduleId(), run.fireTime(), run.trigger(), run.status(), run.attempts(), run.node(),
                run.createdAt(), run.startedAt(), run.finishedAt(), Optional.of(dataAsOf), Optional.of(watermark), period, run.error(), List.of(),
                List.of()));
    }

    @Override
    public void setRunStatus(TenantId tenant, UUID id, ScheduleRun.Status status, Optional<String> error, Instant now) {
        ScheduleRun run = runs.get(id);
        runs.put(id, new ScheduleRun(run.id(), run.scheduleId(), run.fireTime(), run.trigger(), status, run.attempts(), run.node(), run.createdAt(),
                run.startedAt(), status.isFinished() ? Optional.of(now) : Optional.empty(), run.dataAsOf(), run.watermark(), run.period(), error,
                List.of(), List.of()));
    }

    @Override
    public void deleteFiles(TenantId tenant, UUID run) {
        files.values().removeIf(file -> file.runId().equals(run));
    }

    @Override
    public OutputStream fileWriter(TenantId tenant, UUID run, UUID file) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        contents.put(file, content);
        return content;
    }

    @Override
    public void saveFile(TenantId tenant, ScheduleFile file) {
        files.put(file.id(), file);
    }

    @Override
    public Optional<ScheduleFile> findFile(TenantId tenant, UUID file) {
        return Optional.ofNullable(files.get(file));
    }

    @Override
    public InputStream openFile(TenantId tenant, UUID file) {
        return new ByteArrayInputStream(contents.get(file).toByteArray());
    }

    @Override
    public int expireFiles(Instant now) {
        List<UUID> expired = new ArrayList<>(files.values().stream().filter(file -> file.isExpired(now)).map(ScheduleFile::id).toList());
        expired.forEach(contents::remove);
        return expired.size();
    }

    @Override
    public void createDeliveries(TenantId tenant, List<Delivery> made) {
        for (Delivery delivery : made) {
            boolean exists = deliveries.values().stream().anyMatch(d -> d.source().equals(delivery.source()) && d.position() == delivery.position());
            if (!exists) {
                deliveries.put(delivery.id(), delivery);
            }
        }
    }

    @Override
    public Optional<Delivery> findDelivery(TenantId tenant, UUID delivery) {
        return Optional.ofNullable(deliveries.get(delivery));
    }

    @Override
    public void recordAttempt(TenantId tenant, UUID id, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> next) {
        Delivery delivery = deliveries.get(id);
        List<Delivery.Attempt> attempts = new ArrayList<>(delivery.attempts());
        attempts.add(attempt);
        deliveries.put(id, new Delivery(id, delivery.source(), delivery.position(), delivery.channel(), status, attempts, next));
    }

    @Override
    public List<Delivery.Status> deliveryStatuses(TenantId tenant, UUID run) {
        return deliveries.values().stream().filter(d -> d.source().equals(run)).sorted(Comparator.comparingInt(Delivery::position))
                .map(Delivery::status).toList();
    }
}
