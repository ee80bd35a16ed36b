package io.tally.application.service.schedule;

import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.service.delivery.DeliveryFakes;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.report.ExportReceipt;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestClock;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.delivery.RetryBackoff;
import io.tally.domain.schedule.Schedule;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleFile;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.schedule.ScheduleTarget;
import io.tally.domain.tenant.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The job side of schedules on in-memory ports: fires, runs, deliveries and their retries. */
class ScheduleRunnerTest {

    static final TenantId TENANT = TenantId.of("acme-corp");
    /** Monday 29 March 2027, 07:00Z: 09:00 in Berlin, a day after the change to summer time. */
    static final Instant FIRE = Instant.parse("2027-03-29T07:00:00Z");

    final TestClock clock = new TestClock(FIRE.plusMillis(300));
    final InMemorySchedules store = new InMemorySchedules();
    final ScheduleFakes.Jobs jobs = new ScheduleFakes.Jobs();
    final DeliveryFakes.Mail mail = new DeliveryFakes.Mail();
    final DeliveryFakes.Webhooks webhooks = new DeliveryFakes.Webhooks();
    final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final Map<ExportFormat, Integer> sizes = new HashMap<>();
    final List<String> prepared = new ArrayList<>();
    RuntimeException refusal;
    ScheduleRunner runner;

    @BeforeEach
    void wire() {
        tenants.webhookSecrets.put(TENANT, "whsec_c2VjcmV0");
        DownloadLinkPort links = new DeliveryFakes.Links();
        DataWatermarkPort watermarks = new DataWatermarkPort() {
            @Override
            public Watermark current(TenantId tenant) {
                return new Watermark(42, Optional.of(FIRE.minusSeconds(5)));
            }

            @Override
            public void advance(TenantId tenant) {
            }
        };
        ScheduledReports reports = new ScheduledReports() {
            @Override
            public void check(Actor actor, ScheduleTarget target, ExportFormat format, Instant now) {
            }

            @Override
            public PreparedExport prepare(Actor actor, ScheduleTarget target, ExportFormat format,
                                          Instant fireTime, Instant dataAsOf, UUID fileId) {
                if (refusal != null) {
                    throw refusal;
                }
                prepared.add(format.wireName() + " as " + actor.subject() + " for " + target.report() + " at " + fireTime + ", data " + dataAsOf);
                return new Fixed(format, sizes.getOrDefault(format, 100));
            }
        };
        runner = new ScheduleRunner(store, jobs, reports, mail, webhooks, links, tenants, watermarks, audit, new InMemoryStores.Transactions(audit),
                RetryBackoff.parse("1m,5m"), OperationsTelemetryPort.NONE, UUID::randomUUID, clock);
    }

    /** An export of a fixed size: its format's name, then dots. */
    static final class Fixed extends PreparedExport {

        private final int size;

        Fixed(ExportFormat format, int size) {
            super(ExportFileName.of("activity", "Acme", LocalDate.of(2027, 3, 29), format), format, false,
                    new Period(LocalDate.of(2027, 3, 23), LocalDate.of(2027, 3, 29), TimeZoneId.of("Europe/Berlin")));
            this.size = size;
        }

        @Override
        public ExportReceipt writeTo(OutputStream out) throws IOException {
            byte[] bytes = (format().wireName() + ".".repeat(size)).getBytes(StandardCharsets.US_ASCII);
            byte[] exact = java.util.Arrays.copyOf(bytes, size);
            out.write(exact);
            return new ExportReceipt(3, exact.length);
        }
    }

    Schedule schedule(List<String> formats, List<Map<String, Object>> channels) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Weekly activity");
        json.put("report", "activity");
        json.put("params", Map.of("customer", "acme", "period", "last_7_days"));
        json.put("formats", formats);
        json.put("cron", "0 9 * * 1");
        json.put("timezone", "Europe/Berlin");
        json.put("channels", channels);
        Schedule schedule = Schedule.create(UUID.randomUUID(), ScheduleDefinition.read(json), "ana", FIRE.minus(Duration.ofDays(10)));
        store.create(TENANT, schedule);
        return schedule;
    }

    ScheduleRun fired(Schedule schedule) {
        assertThat(runner.fireSchedule(TENANT, schedule.id(), FIRE)).contains(Instant.parse("2027-04-05T07:00:00Z"));
        return store.runs.values().iterator().next();
    }

    /** Attempts every delivery of the run until none is due, moving the clock on to each retry. */
    void deliverAll(UUID run) {
        boolean more = true;
        while (more) {
            more = false;
            for (Delivery delivery : List.copyOf(store.deliveries.values())) {
                if (delivery.source().equals(run) && !delivery.status().isFinished()) {
                    Optional<Instant> next = runner.attemptDelivery(TENANT, delivery.id());
                    if (next.isPresent()) {
                        clock.advance(Duration.between(clock.instant(), next.get()));
                        more = true;
                    }
                }
            }
        }
    }

    @Nested
    class Fires {

        @Test
        void aFireMakesOneRunHoweverOftenItIsMadeAndAnswersTheNextFireTime() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            ScheduleRun run = fired(schedule);
            fired(schedule);

            assertThat(store.runs).hasSize(1);
            assertThat(run.fireTime()).isEqualTo(FIRE);
            assertThat(run.trigger()).isEqualTo(ScheduleRun.Trigger.CRON);
            assertThat(run.idempotencyKey()).isEqualTo("sch_" + schedule.id() + "_" + FIRE.getEpochSecond());
            assertThat(jobs.runs).containsExactly(run.id(), run.id());
        }

        @Test
        void aFireMadeLateAfterAnOutageIsMadeOnceAndTheNextIsAfterNow() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            clock.advance(Duration.ofDays(15));
            // 13 April 07:00:00.3Z now: the fires of 5 and 12 April were missed; the next is 19 April
            assertThat(runner.fireSchedule(TENANT, schedule.id(), FIRE)).contains(Instant.parse("2027-04-19T07:00:00Z"));
            assertThat(store.runs).hasSize(1);
        }

        @Test
        void enabledSchedulesWithoutAnArmedFireAreArmedAtTheirNextFireTime() {
            Schedule armed = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            Schedule lost = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            Schedule paused = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            store.update(TENANT, paused.change(paused.definition().withEnabled(false), "ana", FIRE));
            jobs.armed.put(armed.id(), FIRE);

            assertThat(runner.armMissingFires()).isEqualTo(1);

            // now is Monday 29 March 07:00:00.3Z, just after 09:00 Berlin: the next Monday at 09:00 CEST
            assertThat(jobs.armed).containsEntry(lost.id(), Instant.parse("2027-04-05T07:00:00Z")).containsEntry(armed.id(), FIRE)
                    .doesNotContainKey(paused.id());
            assertThat(runner.armMissingFires()).isZero();
        }

        @Test
        void aPausedOrDeletedScheduleStopsFiring() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            store.update(TENANT, schedule.change(schedule.definition().withEnabled(false), "ana", FIRE));
            assertThat(runner.fireSchedule(TENANT, schedule.id(), FIRE)).isEmpty();
            store.delete(TENANT, schedule.id());
            assertThat(runner.fireSchedule(TENANT, schedule.id(), FIRE)).isEmpty();
            assertThat(store.runs).isEmpty();
        }
    }

    @Nested
    class Runs {

        @Test
        void aRunRendersEachFormatOnceAsTheScheduleAndQueuesOneDeliveryPerChannel() {
            Schedule schedule = schedule(List.of("pdf", "xlsx"), List.of(Map.of("type", "email", "to", List.of("ops@acme.test")),
                    Map.of("type", "storage")));
            ScheduleRun run = fired(schedule);

            runner.makeRun(TENANT, run.id(), "node-1");

            ScheduleRun made = store.findRun(TENANT, run.id()).orElseThrow();
            assertThat(made.status()).isEqualTo(ScheduleRun.Status.DELIVERING);
            assertThat(made.attempts()).isEqualTo(1);
            assertThat(made.node()).contains("node-1");
            assertThat(made.watermark()).contains(42L);
            assertThat(made.dataAsOf()).contains(FIRE);
            assertThat(made.period().orElseThrow().from()).isEqualTo(LocalDate.of(2027, 3, 23));
            assertThat(prepared).containsExactly(
                    "pdf as schedule:" + schedule.id() + " for activity at " + FIRE + ", data " + FIRE,
                    "xlsx as schedule:" + schedule.id() + " for activity at " + FIRE + ", data " + FIRE,
                    "html as schedule:" + schedule.id() + " for activity at " + FIRE + ", data " + FIRE);
            assertThat(made.files()).extracting(ScheduleFile::format).containsExactly(ExportFormat.PDF, ExportFormat.XLSX, ExportFormat.HTML);
            assertThat(made.files().getFirst().bytes()).isEqualTo(100);
            assertThat(made.files().getFirst().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
            // the SHA-256 of "pdf" and 97 dots, worked out with Python's hashlib
            assertThat(made.files().getFirst().sha256()).isEqualTo("b567c031c2e1a32f887661b389214cf92675c475d36c04f1859f7082c6b8311f");
            assertThat(made.deliveries()).extracting(Delivery::position).containsExactly(0, 1);
            assertThat(jobs.deliveries.keySet()).containsExactlyElementsOf(made.deliveries().stream().map(Delivery::id).toList());
        }

        @Test
        void aRunTakenOverAfterItsNodeDiedReplacesItsFilesAndItsDeliveriesAreMadeOnce() {
            Schedule schedule = schedule(List.of("csv"), List.of(Map.of("type", "storage")));
            ScheduleRun run = fired(schedule);
            store.startRun(TENANT, run.id(), "doomed", clock.instant());

            runner.makeRun(TENANT, run.id(), "survivor");
            runner.makeRun(TENANT, run.id(), "survivor");

            ScheduleRun made = store.findRun(TENANT, run.id()).orElseThrow();
            assertThat(made.attempts()).isEqualTo(2);
            assertThat(made.node()).contains("survivor");
            assertThat(made.files()).hasSize(1);
            assertThat(made.files().getFirst().id()).isEqualTo(ScheduleFile.idOf(run.id(), ExportFormat.CSV));
            assertThat(made.deliveries()).hasSize(1);
            assertThat(prepared).hasSize(1);
        }

        @Test
        void aReportThatCannotBeMadeFailsTheRunAtOnceAndIsAudited() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "storage")));
            ScheduleRun run = fired(schedule);
            refusal = new InvalidValueException("customer", "customer 'acme' was not found");

            runner.makeRun(TENANT, run.id(), "node-1");

            ScheduleRun failed = store.findRun(TENANT, run.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(ScheduleRun.Status.FAILED);
            assertThat(failed.error()).contains("customer 'acme' was not found");
            assertThat(failed.deliveries()).isEmpty();
            assertThat(audit.entries).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo("schedule.run_failed");
                assertThat(entry.target()).isEqualTo("schedule:" + schedule.id());
            });
        }
    }

    @Nested
    class Deliveries {

        @Test
        void aWebhookFailingTwiceIsRetriedAfterEachWaitAndSucceedsOnTheThird() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/tally")));
            ScheduleRun run = fired(schedule);
            runner.makeRun(TENANT, run.id(), "node-1");
            UUID delivery = store.deliveries.keySet().iterator().next();
            webhooks.outcomes.add(DeliveryOutcome.failure("HTTP 500", "the receiver answered 500"));
            webhooks.outcomes.add(DeliveryOutcome.failure("HTTP 502", "the receiver answered 502"));
            Instant start = clock.instant();

            assertThat(runner.attemptDelivery(TENANT, delivery)).contains(start.plus(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(1));
            assertThat(runner.attemptDelivery(TENANT, delivery)).contains(start.plus(Duration.ofMinutes(6)));
            clock.advance(Duration.ofMinutes(5));
            assertThat(runner.attemptDelivery(TENANT, delivery)).isEmpty();

            Delivery done = store.deliveries.get(delivery);
            assertThat(done.status()).isEqualTo(Delivery.Status.SUCCEEDED);
            assertThat(done.attempts()).extracting(Delivery.Attempt::reply).containsExactly(Optional.of("HTTP 500"), Optional.of("HTTP 502"),
                    Optional.of("HTTP 204"));
            assertThat(done.attempts()).extracting(Delivery.Attempt::at).containsExactly(start, start.plusSeconds(60), start.plusSeconds(360));
            assertThat(webhooks.ids).containsOnly(run.idempotencyKey()).hasSize(3);
            assertThat(store.findRun(TENANT, run.id()).orElseThrow().status()).isEqualTo(ScheduleRun.Status.SUCCEEDED);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> files = (List<Map<String, Object>>) webhooks.payloads.getFirst().get("files");
            assertThat(files).singleElement().satisfies(file -> assertThat(file).containsEntry("format", "pdf").containsEntry("bytes", 100L)
                    .containsKey("sha256").containsKey("url"));
            assertThat(webhooks.payloads.getFirst().get("period")).isEqualTo(Map.of("from", "2027-03-23", "to", "2027-03-29", "timezone",
                    "Europe/Berlin"));
        }

        @Test
        void aDeliveryFailingEveryAttemptIsFailedAfterTheLastAndAuditedAndTheRunIsPartiallyFailed() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/tally"),
                    Map.of("type", "storage")));
            ScheduleRun run = fired(schedule);
            runner.makeRun(TENANT, run.id(), "node-1");
            for (int i = 0; i < 3; i++) {
                webhooks.outcomes.add(DeliveryOutcome.failure(null, "could not connect to hooks.acme.test"));
            }

            deliverAll(run.id());

            ScheduleRun done = store.findRun(TENANT, run.id()).orElseThrow();
            assertThat(done.deliveries()).extracting(Delivery::status).containsExactly(Delivery.Status.FAILED, Delivery.Status.SUCCEEDED);
            assertThat(done.deliveries().getFirst().attempts()).hasSize(3).allMatch(attempt -> !attempt.succeeded());
            assertThat(done.status()).isEqualTo(ScheduleRun.Status.PARTIALLY_FAILED);
            assertThat(audit.entries).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo("schedule.delivery_failed");
                assertThat(entry.details()).containsEntry("attempts", 3).containsEntry("channel", "webhook")
                        .containsEntry("error", "could not connect to hooks.acme.test");
            });
        }

        @Test
        void aRefusedTargetIsFailedAtOnceWithoutRetries() {
            Schedule schedule = schedule(List.of("pdf"), List.of(Map.of("type", "webhook", "url", "https://hooks.acme.test/tally")));
            ScheduleRun run = fired(schedule);
            runner.makeRun(TENANT, run.id(), "node-1");
            webhooks.outcomes.add(DeliveryOutcome.refused("hooks.acme.test resolves to 10.0.0.7, a private address"));

            deliverAll(run.id());

            ScheduleRun done = store.findRun(TENANT, run.id()).orElseThrow();
            assertThat(done.deliveries().getFirst().attempts()).hasSize(1);
            assertThat(done.status()).isEqualTo(ScheduleRun.Status.FAILED);
        }

        @Test
        void aMailAttachesWhatFitsLinksWhatDoesNotAndSaysSoInItsBody() {
            Schedule schedule = schedule(List.of("pdf", "csv"), List.of(Map.of("type", "email", "to", List.of("ops@acme.test"))));
            sizes.put(ExportFormat.CSV, 5_000);
            sizes.put(ExportFormat.HTML, 600);
            ScheduleRun run = fired(schedule);
            runner.makeRun(TENANT, run.id(), "node-1");

            deliverAll(run.id());

            MailSenderPort.Message message = mail.sent.getFirst();
            assertThat(message.to()).containsExactly("ops@acme.test");
            assertThat(message.subject()).isEqualTo("Weekly activity: 2027-03-23 to 2027-03-29 (2027-03-29)");
            assertThat(message.attachments()).extracting(MailSenderPort.Attachment::fileName).containsExactly("activity_Acme_20270329.pdf");
            assertThat(message.attachments().getFirst().mediaType()).isEqualTo("application/pdf");
            assertThat(message.html()).startsWith("<p").contains("The CSV file, activity_Acme_20270329.csv (5.0 kB), is larger than this server"
                    + " attaches (1.0 kB): download it until 2027-04-05 09:00 Europe/Berlin").contains("https://tally.test/api/v1/schedule-files/").contains("html....");
            assertThat(message.text()).contains("Attached: activity_Acme_20270329.pdf").contains("The CSV file");
            Delivery delivery = store.findRun(TENANT, run.id()).orElseThrow().deliveries().getFirst();
            assertThat(delivery.attempts().getFirst().reply()).contains("250 2.0.0 OK");
        }

        @Test
        void aReportTooLargeForAMailBodyIsALinkSoTheMailIsNeverEmpty() {
            Schedule schedule = schedule(List.of("csv"), List.of(Map.of("type", "email", "to", List.of("ops@acme.test"))));
            sizes.put(ExportFormat.CSV, 5_000);
            sizes.put(ExportFormat.HTML, 5_000);
            ScheduleRun run = fired(schedule);
            runner.makeRun(TENANT, run.id(), "node-1");

            deliverAll(run.id());

            MailSenderPort.Message message = mail.sent.getFirst();
            assertThat(message.attachments()).isEmpty();
            assertThat(message.html()).contains("The report is too large to show in a mail").contains("The CSV file");
            assertThat(message.text()).contains("The report is too large to show in a mail").contains("The CSV file");
        }
    }
}
