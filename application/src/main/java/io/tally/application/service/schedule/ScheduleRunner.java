package io.tally.application.service.schedule;

import io.tally.application.port.in.report.ExportReceipt;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.in.schedule.RunScheduledJobsUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.application.port.out.schedule.ScheduleStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.application.service.delivery.DeliveryAttempts;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Period;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.DomainException;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.tenant.TenantId;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the job runner does for schedules. A fire makes one run per schedule and fire time (however many nodes see it); a
 * run renders its files once into the export store, each report noting when its data is complete, then makes one
 * delivery per channel; a delivery is attempted until it succeeds or its retries (the {@link RetryBackoff}) are used up,
 * every attempt recorded. Each step can be run again after a node stopped in it: a run taken over replaces the files it
 * had begun, and its deliveries are made once.
 */
public final class ScheduleRunner implements RunScheduledJobsUseCase {

    /** Attempts at making a run that keeps failing on unexpected errors before it is given up. */
    public static final int MAX_RUN_ATTEMPTS = 3;

    private final ScheduleStorePort store;
    private final ScheduleJobsPort jobs;
    private final ScheduledReports reports;
    private final MailSenderPort mail;
    private final WebhookSenderPort webhooks;
    private final DownloadLinkPort links;
    private final TenantStorePort tenants;
    private final DataWatermarkPort watermarks;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final DeliveryAttempts attempts;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public ScheduleRunner(ScheduleStorePort store, ScheduleJobsPort jobs, ScheduledReports reports, MailSenderPort mail,
                          WebhookSenderPort webhooks, DownloadLinkPort links, TenantStorePort tenants, DataWatermarkPort watermarks, AuditLogPort audit,
                          TransactionPort transactions, RetryBackoff backoff, OperationsTelemetryPort telemetry, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.links = Objects.requireNonNull(links, "links");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.attempts = new DeliveryAttempts("schedule", backoff, telemetry, clock);
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Instant> fireSchedule(TenantId tenant, UUID scheduleId, Instant fireTime) {
        Optional<Schedule> found = store.find(tenant, scheduleId);
        if (found.isEmpty() || !found.get().definition().enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ScheduleRun run = store.createRunIfAbsent(tenant, ScheduleRun.queued(ids.get(), scheduleId, fireTime, ScheduleRun.Trigger.CRON, now));
        if (!run.status().isFinished()) {
            jobs.queueRun(tenant, run.id());
        }
        // a fire missed while no node ran is made once, late; the next is the first after now
        ScheduleDefinition definition = store.find(tenant, scheduleId).orElse(found.get()).definition();
        return definition.enabled() ? definition.cron().next(fireTime.isAfter(now) ? fireTime : now, definition.timezone().zone())
                : Optional.empty();
    }

    @Override
    public void makeRun(TenantId tenant, UUID runId, String node) {
        Optional<ScheduleRun> started = store.startRun(tenant, runId, node, clock.instant());
        if (started.isEmpty()) {
            return;
        }
        ScheduleRun run = started.get();
        Optional<Schedule> found = store.find(tenant, run.scheduleId());
        if (found.isEmpty()) {
            return;
        }
        Schedule schedule = found.get();
        ScheduleDefinition definition = schedule.definition();
        Actor actor = actorOf(tenant, schedule, run);
        try {
            store.deleteFiles(tenant, runId);
            DataWatermarkPort.Watermark watermark = watermarks.current(tenant);
            Instant dataAsOf = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Set<ExportFormat> formats = new LinkedHashSet<>(definition.formats());
            if (definition.channels().stream().anyMatch(Channel.Email.class::isInstance)) {
                formats.add(ExportFormat.HTML);
            }
            Optional<Period> period = Optional.empty();
            for (ExportFormat format : formats) {
                UUID fileId = ScheduleFile.idOf(runId, format);
                PreparedExport export = reports.prepare(actor, definition.target(), format, run.fireTime(), dataAsOf, fileId);
                period = Optional.of(export.period());
                Digesting digest = new Digesting(store.fileWriter(tenant, runId, fileId));
                ExportReceipt receipt;
                try (digest) {
                    receipt = export.writeTo(digest);
                }
                Instant now = clock.instant();
                store.saveFile(tenant, new ScheduleFile(fileId, runId, format, export.fileName(), receipt.rows(), receipt.bytes(), digest.hex(), now,
                        now.plus(Duration.ofDays(definition.retentionDays()))));
            }
            store.recordRunData(tenant, runId, dataAsOf, watermark.sequence(), period);
        } catch (DomainException refused) {
            // the report cannot be made as defined (its customer or template went, a parameter no longer fits): running it again gives the same
            fail(tenant, schedule, run, refused.getMessage());
            return;
        } catch (IOException | RuntimeException unexpected) {
            if (run.attempts() >= MAX_RUN_ATTEMPTS) {
                fail(tenant, schedule, run, "gave up after " + run.attempts() + " attempts; last error: " + DeliveryAttempts.describe(unexpected));
                return;
            }
            throw unexpected instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) unexpected;
        }
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < definition.channels().size(); i++) {
            deliveries.add(new Delivery(Delivery.idOf(runId, i), runId, i, definition.channels().get(i), Delivery.Status.PENDING, List.of(),
                    Optional.of(now)));
        }
        transactions.inTransaction(() -> {
            store.createDeliveries(tenant, deliveries);
            store.setRunStatus(tenant, runId, ScheduleRun.Status.DELIVERING, Optional.empty(), now);
            return null;
        });
        for (Delivery delivery : deliveries) {
            jobs.queueDelivery(tenant, delivery.id(), now);
        }
    }

    private void fail(TenantId tenant, Schedule schedule, ScheduleRun run, String error) {
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            store.setRunStatus(tenant, run.id(), ScheduleRun.Status.FAILED, Optional.of(error), now);
            audit.append(new AuditEntry(tenant, now, subjectOf(schedule), "schedule.run_failed", "schedule:" + schedule.id(),
                    Map.of("run", run.id().toString(), "fire_time", run.fireTime().toString(), "error", error), "run-" + run.id()));
            return null;
        });
    }

    @Override
    public Optional<Instant> attemptDelivery(TenantId tenant, UUID deliveryId) {
        Optional<Delivery> found = store.findDelivery(tenant, deliveryId);
        if (found.isEmpty() || found.get().status().isFinished()) {
            return Optional.empty();
        }
        Delivery delivery = found.get();
        Optional<ScheduleRun> run = store.findRun(tenant, delivery.source());
        Optional<Schedule> schedule = run.flatMap(r -> store.find(tenant, r.scheduleId()));
        if (run.isEmpty() || schedule.isEmpty()) {
            return Optional.empty();
        }
        int number = delivery.attempts().size() + 1;
        DeliveryAttempts.Tried tried = attempts.attempt(number, delivery.channel().type(), () -> switch (delivery.channel()) {
            case Channel.Email email -> email(tenant, schedule.get(), run.get(), email);
            case Channel.Webhook webhook -> webhook(tenant, schedule.get(), run.get(), webhook);
            case Channel.Storage ignored -> stored(run.get());
        });
        Delivery.Status status = tried.status();
        Optional<Instant> next = tried.next();
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            store.recordAttempt(tenant, deliveryId, tried.attempt(), status, next);
            if (status == Delivery.Status.FAILED) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("run", run.get().id().toString());
                details.put("channel", delivery.channel().type());
                details.put("attempts", number);
                details.put("error", tried.outcome().error().orElse("failed"));
                audit.append(new AuditEntry(tenant, now, subjectOf(schedule.get()), "schedule.delivery_failed", "schedule:" + schedule.get().id(),
                        details, "delivery-" + deliveryId));
            }
            return null;
        });
        if (status.isFinished()) {
            ScheduleRun.Status runStatus = ScheduleRun.Status.of(store.deliveryStatuses(tenant, delivery.source()));
            if (runStatus.isFinished()) {
                store.setRunStatus(tenant, delivery.source(), runStatus, runStatus == ScheduleRun.Status.SUCCEEDED ? Optional.empty()
                        : Optional.of("a delivery failed"), now);
            }
        }
        return next;
    }

    @Override
    public int armMissingFires() {
        Instant now = clock.instant();
        int armed = 0;
        for (ScheduleStorePort.Enabled enabled : store.enabled()) {
            ScheduleDefinition definition = enabled.schedule().definition();
            Optional<Instant> next = definition.cron().next(now, definition.timezone().zone());
            if (next.isPresent() && jobs.armIfAbsent(enabled.tenant(), enabled.schedule().id(), next.get())) {
                armed++;
            }
        }
        return armed;
    }

    @Override
    public int expireScheduleFiles() {
        return store.expireFiles(clock.instant());
    }

    /** The storage channel: the run's files are in the export store, each until its expiry. */
    private DeliveryOutcome stored(ScheduleRun run) {
        List<String> kept = run.files().stream().map(file -> file.fileName().name()).toList();
        return DeliveryOutcome.success("kept " + kept.size() + " file" + (kept.size() == 1 ? "" : "s") + " until "
                + run.files().stream().map(ScheduleFile::expiresAt).min(Instant::compareTo).map(Instant::toString).orElse("-"));
    }

    private DeliveryOutcome email(TenantId tenant, Schedule schedule, ScheduleRun run, Channel.Email email) {
        ScheduleDefinition definition = schedule.definition();
        long max = mail.maxAttachmentBytes();
        List<MailSenderPort.Attachment> attachments = new ArrayList<>();
        List<String> linkLines = new ArrayList<>();
        StringBuilder notice = new StringBuilder();
        for (ScheduleFile file : files(run, definition.formats())) {
            if (file.bytes() <= max) {
                attachments.add(new MailSenderPort.Attachment(file.fileName().name(), file.format().mediaType(), read(tenant, file)));
            } else {
                String link = links.link(tenant, file.id(), file.expiresAt()).toString();
                String line = "The " + file.format().wireName().toUpperCase(Locale.ROOT) + " file, " + file.fileName().name() + " ("
                        + size(file.bytes()) + "), is larger than this server attaches (" + size(max) + "): download it until "
                        + local(file.expiresAt(), definition) + " from " + link;
                linkLines.add(line);
                notice.append("<p style=\"font-family:sans-serif;padding:8px 12px;background:#fff4e5;border:1px solid #f0c36d\">")
                        .append(escape(line.substring(0, line.indexOf(" from ")))).append(": <a href=\"").append(escape(link)).append("\">download ")
                        .append(escape(file.fileName().name())).append("</a></p>");
            }
        }
        ScheduleFile htmlFile = run.files().stream().filter(file -> file.format() == ExportFormat.HTML).findFirst().orElseThrow();
        String html;
        if (htmlFile.bytes() <= max) {
            html = withNotice(new String(read(tenant, htmlFile), StandardCharsets.UTF_8), notice.toString());
        } else {
            String link = links.link(tenant, htmlFile.id(), htmlFile.expiresAt()).toString();
            html = "<!DOCTYPE html><html><body>" + notice + "<p style=\"font-family:sans-serif\">The report is too large to show in a mail ("
                    + size(htmlFile.bytes()) + "): <a href=\"" + escape(link) + "\">open it</a> until " + escape(local(htmlFile.expiresAt(), definition))
                    + ".</p></body></html>";
            linkLines.add("The report is too large to show in a mail: open it until " + local(htmlFile.expiresAt(), definition) + " from " + link);
        }
        StringBuilder text = new StringBuilder(definition.name()).append("\n\n");
        run.period().ifPresent(p -> text.append("Period: ").append(p.from()).append(" to ").append(p.to()).append(" (").append(p.zone().value())
                .append(")\n"));
        text.append(attachments.isEmpty() ? "" : "Attached: " + String.join(", ", attachments.stream().map(MailSenderPort.Attachment::fileName)
                .toList()) + "\n");
        linkLines.forEach(line -> text.append(line).append('\n'));
        text.append("\nSent by Tally for the schedule ").append(schedule.id()).append(", run ").append(run.id()).append(".\n");
        return mail.send(new MailSenderPort.Message(email.to(), subject(schedule, run), html, text.toString(), attachments));
    }

    private DeliveryOutcome webhook(TenantId tenant, Schedule schedule, ScheduleRun run, Channel.Webhook webhook) {
        Optional<String> secret = tenants.webhookSecret(tenant);
        if (secret.isEmpty()) {
            return DeliveryOutcome.refused("the tenant has no webhook signing secret (POST /api/v1/tenant/webhook-secret)");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        Map<String, Object> scheduleJson = new LinkedHashMap<>();
        scheduleJson.put("id", schedule.id().toString());
        scheduleJson.put("name", schedule.definition().name());
        scheduleJson.put("report", schedule.definition().target().report());
        payload.put("schedule", scheduleJson);
        Map<String, Object> runJson = new LinkedHashMap<>();
        runJson.put("id", run.id().toString());
        runJson.put("fire_time", run.fireTime().toString());
        runJson.put("trigger", run.trigger().wireName());
        run.dataAsOf().ifPresent(at -> runJson.put("data_complete_as_of", at.toString()));
        payload.put("run", runJson);
        payload.put("period", run.periodJson().orElse(null));
        List<Map<String, Object>> files = new ArrayList<>();
        for (ScheduleFile file : files(run, schedule.definition().formats())) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", file.format().wireName());
            json.put("file_name", file.fileName().name());
            json.put("url", links.link(tenant, file.id(), file.expiresAt()).toString());
            json.put("bytes", file.bytes());
            json.put("sha256", file.sha256());
            json.put("expires_at", file.expiresAt().toString());
            files.add(json);
        }
        payload.put("files", files);
        return webhooks.post(webhook.url(), run.idempotencyKey(), secret.get(), payload);
    }

    /** The run's files of the formats the schedule asks for (the HTML made only as a mail's body is left out). */
    private static List<ScheduleFile> files(ScheduleRun run, List<ExportFormat> formats) {
        return formats.stream().flatMap(format -> run.files().stream().filter(file -> file.format() == format)).toList();
    }

    private static String subject(Schedule schedule, ScheduleRun run) {
        ScheduleDefinition definition = schedule.definition();
        String when = LocalDate.ofInstant(run.fireTime(), definition.timezone().zone()).toString();
        return definition.name() + run.period().map(p -> ": " + p.from() + " to " + p.to()).orElse("") + " (" + when + ")";
    }

    /** The HTML rendering with the notice of linked files first in its body. */
    private static String withNotice(String html, String notice) {
        if (notice.isEmpty()) {
            return html;
        }
        int body = html.indexOf("<body");
        int open = body < 0 ? -1 : html.indexOf('>', body);
        return open < 0 ? notice + html : html.substring(0, open + 1) + notice + html.substring(open + 1);
    }

    private byte[] read(TenantId tenant, ScheduleFile file) {
        try (InputStream in = store.openFile(tenant, file.id())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whom a run acts as: the schedule, with a manager's reach over the whole tenant (a manager defined it and the report
     * was checked for them).
     */
    private static Actor actorOf(TenantId tenant, Schedule schedule, ScheduleRun run) {
        return Actor.user(tenant, subjectOf(schedule), Set.of(Role.MANAGER), CustomerScope.all(), "run-" + run.id());
    }

    private static String subjectOf(Schedule schedule) {
        return "schedule:" + schedule.id();
    }

    /** A size as people read it: 512 bytes, 24.9 kB, 23.4 MB (powers of 1000, as TALLY_SMTP_MAX_ATTACHMENT reads them). */
    static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " bytes";
        }
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1_000.0) : String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /** An instant in the schedule's timezone, to the minute: 2027-04-05 09:00 Europe/Berlin. */
    private static String local(Instant at, ScheduleDefinition definition) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(definition.timezone().zone())) + " " + definition.timezone().value();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Passes what is written on and keeps its SHA-256. */
    private static final class Digesting extends FilterOutputStream {

        private final MessageDigest digest;

        Digesting(OutputStream out) {
            super(out);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
