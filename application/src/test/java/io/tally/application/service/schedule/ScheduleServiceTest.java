package io.tally.application.service.schedule;

import io.tally.application.service.delivery.DeliveryFakes;
import io.tally.application.service.delivery.ChannelChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.application.port.in.delivery.RotateWebhookSecretCommand;
import io.tally.application.port.in.delivery.SignedFileQuery;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.in.schedule.PreviewScheduleRunsQuery;
import io.tally.application.port.in.schedule.ScheduleCommand;
import io.tally.application.port.in.schedule.ScheduleIdCommand;
import io.tally.application.port.in.schedule.ScheduleIdQuery;
import io.tally.application.port.in.schedule.ScheduleView;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TestClock;
import io.tally.application.service.TestData;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.GoneException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.schedule.ScheduleDefinition;
import io.tally.domain.schedule.ScheduleRun;
import io.tally.domain.schedule.ScheduleTarget;
import io.tally.domain.schedule.ScheduleTiming;
import io.tally.domain.tenant.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What managers do with schedules, on in-memory ports. */
class ScheduleServiceTest {

    /** Wednesday 3 March 2027, 12:00Z. */
    static final Instant NOW = Instant.parse("2027-03-03T12:00:00Z");

    final TestClock clock = new TestClock(NOW);
    final InMemorySchedules store = new InMemorySchedules();
    final ScheduleFakes.Jobs jobs = new ScheduleFakes.Jobs();
    final DeliveryFakes.Mail mail = new DeliveryFakes.Mail();
    final DeliveryFakes.Webhooks webhooks = new DeliveryFakes.Webhooks();
    final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final List<String> checked = new ArrayList<>();
    final Actor manager = TestData.user("mia", Role.MANAGER);
    InvalidValueException reportProblem;

    final ScheduledReports reports = new ScheduledReports() {
        @Override
        public void check(Actor actor, ScheduleTarget target, ExportFormat format, Instant now) {
            if (reportProblem != null) {
                throw reportProblem;
            }
            checked.add(target.report() + " " + format.wireName() + " for " + actor.subject() + " at " + now);
        }

        @Override
        public PreparedExport prepare(Actor actor, ScheduleTarget target, ExportFormat format, Instant fireTime, Instant dataAsOf, UUID fileId) {
            throw new AssertionError("saving a schedule makes no report");
        }
    };

    final ScheduleService service = new ScheduleService(store, jobs, reports, new ChannelChecks(mail, webhooks, tenants), new DeliveryFakes.Links(), tenants,
            id -> tenants.createIfAbsent(Tenant.create(id, NOW)), audit, new InMemoryStores.Transactions(audit), UUID::randomUUID, clock);

    static ScheduleDefinition definition(Object channel) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Monday activity");
        json.put("report", "activity");
        json.put("params", Map.of("customer", "acme", "period", "last_7_days"));
        json.put("formats", List.of("pdf", "xlsx"));
        json.put("cron", "0 9 * * 1");
        json.put("timezone", "Europe/Berlin");
        json.put("channels", List.of(channel));
        return ScheduleDefinition.read(json);
    }

    List<String> actions() {
        return audit.entries.stream().map(AuditEntry::action).toList();
    }

    @Test
    void aNewScheduleIsCheckedForEachFormatStoredAuditedAndArmedAtItsNextFire() {
        ScheduleView view = service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage"))));

        assertThat(checked).containsExactly("activity pdf for mia at " + NOW, "activity xlsx for mia at " + NOW);
        assertThat(store.schedules).containsKey(view.schedule().id());
        // Monday 8 March 2027, 09:00 CET = 08:00Z; then weekly (Berlin changes to summer time on 28 March)
        assertThat(view.nextRuns()).containsExactly(Instant.parse("2027-03-08T08:00:00Z"), Instant.parse("2027-03-15T08:00:00Z"),
                Instant.parse("2027-03-22T08:00:00Z"), Instant.parse("2027-03-29T07:00:00Z"), Instant.parse("2027-04-05T07:00:00Z"));
        assertThat(jobs.armed).containsEntry(view.schedule().id(), Instant.parse("2027-03-08T08:00:00Z"));
        assertThat(actions()).containsExactly("schedule.created");
        assertThat(audit.entries.getFirst().target()).isEqualTo("schedule:" + view.schedule().id());
    }

    @Test
    void aPreviewGivesTheFireTimesASavedScheduleWouldHaveAndStoresNothing() {
        ScheduleTiming timing = ScheduleTiming.read(Map.of("cron", "30 2 * * *", "timezone", "Europe/Berlin"));

        List<Instant> runs = service.previewScheduleRuns(new PreviewScheduleRunsQuery(TestData.user("ana", Role.ANALYST), timing, 20));

        // 02:30 every day, Berlin: CET (01:30Z) until 28 March 2027, when 02:30 does not exist (the clocks go from 02:00 to
        // 03:00, so it fires at the change, 01:00Z), then CEST (00:30Z)
        assertThat(runs).hasSize(20);
        assertThat(runs.getFirst()).isEqualTo(Instant.parse("2027-03-04T01:30:00Z"));
        assertThat(runs.get(23 - 4)).isEqualTo(Instant.parse("2027-03-23T01:30:00Z"));
        assertThat(service.previewScheduleRuns(new PreviewScheduleRunsQuery(manager, timing, 5)))
                .isEqualTo(runs.subList(0, 5));
        clock.advance(java.time.Duration.between(NOW, Instant.parse("2027-03-26T12:00:00Z")));
        assertThat(service.previewScheduleRuns(new PreviewScheduleRunsQuery(manager, timing, 4))).containsExactly(
                Instant.parse("2027-03-27T01:30:00Z"), Instant.parse("2027-03-28T01:00:00Z"), Instant.parse("2027-03-29T00:30:00Z"),
                Instant.parse("2027-03-30T00:30:00Z"));
        ScheduleView saved = service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage"))));
        assertThat(service.previewScheduleRuns(new PreviewScheduleRunsQuery(manager, saved.schedule().definition().timing(), 5)))
                .isEqualTo(saved.nextRuns());
        assertThat(actions()).containsExactly("schedule.created");
        assertThat(store.schedules).hasSize(1);

        assertThatThrownBy(() -> service.previewScheduleRuns(new PreviewScheduleRunsQuery(TestData.user("vic", Role.VIEWER), timing, 5)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> new PreviewScheduleRunsQuery(manager, timing, 21))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("count");
    }

    @Test
    void aReportThatCannotBeExportedIsRefusedBeforeAnythingIsStored() {
        reportProblem = new InvalidValueException("params.customer", "customer 'acme' was not found");

        assertThatThrownBy(() -> service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage")))))
                .isSameAs(reportProblem);
        assertThat(store.schedules).isEmpty();
        assertThat(jobs.armed).isEmpty();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void channelsAreCheckedWhenTheScheduleIsSavedNotWhenItFires() {
        mail.configured = false;
        assertThatThrownBy(() -> service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "email", "to", List.of("a@b.test"))))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("TALLY_SMTP_URL").extracting("field").isEqualTo("channels[0].type");
        assertThatThrownBy(() -> service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "webhook", "url", "https://hooks.test/x")))))
                .hasMessageContaining("POST /api/v1/tenant/webhook-secret").extracting("field").isEqualTo("channels[0].type");
        tenants.webhookSecrets.put(TestData.TENANT, "whsec_c2VjcmV0");
        assertThatThrownBy(() -> service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "webhook", "url", "http://10.0.0.7/x")))))
                .hasMessage("10.0.0.7 is a private address").extracting("field").isEqualTo("channels[0].url");
        assertThat(store.schedules).isEmpty();
        assertThat(service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "webhook", "url", "https://hooks.test/x"))))
                .schedule().version()).isEqualTo(1);
    }

    @Test
    void pauseDisarmsResumeArmsAndEachIsANewVersion() {
        UUID id = service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage")))).schedule().id();
        clock.advance(java.time.Duration.ofDays(7));

        ScheduleView paused = service.pauseSchedule(new ScheduleIdCommand(manager, id));
        assertThat(paused.schedule().definition().enabled()).isFalse();
        assertThat(paused.schedule().version()).isEqualTo(2);
        assertThat(paused.nextRuns()).isEmpty();
        assertThat(jobs.armed).doesNotContainKey(id);
        assertThat(service.pauseSchedule(new ScheduleIdCommand(manager, id)).schedule().version()).as("pausing again changes nothing").isEqualTo(2);

        ScheduleView resumed = service.resumeSchedule(new ScheduleIdCommand(manager, id));
        assertThat(resumed.schedule().version()).isEqualTo(3);
        // now Wednesday 10 March: the next Monday is 15 March
        assertThat(jobs.armed).containsEntry(id, Instant.parse("2027-03-15T08:00:00Z"));
        assertThat(actions()).containsExactly("schedule.created", "schedule.paused", "schedule.resumed");
    }

    @Test
    void runNowQueuesAManualRunEvenWhilePaused() {
        UUID id = service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage")))).schedule().id();
        service.pauseSchedule(new ScheduleIdCommand(manager, id));

        ScheduleRun run = service.runScheduleNow(new ScheduleIdCommand(manager, id));

        assertThat(run.trigger()).isEqualTo(ScheduleRun.Trigger.MANUAL);
        assertThat(run.status()).isEqualTo(ScheduleRun.Status.QUEUED);
        assertThat(run.fireTime()).isEqualTo(NOW);
        assertThat(jobs.runs).containsExactly(run.id());
        assertThat(actions()).endsWith("schedule.run_requested");
    }

    @Test
    void managersChangeSchedulesAnalystsReadThemAndNoOneReachesAnotherTenants() {
        UUID id = service.defineSchedule(new ScheduleCommand(manager, definition(Map.of("type", "storage")))).schedule().id();

        assertThatThrownBy(() -> service.defineSchedule(new ScheduleCommand(TestData.user("ana", Role.ANALYST), definition(Map.of("type", "storage")))))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.pauseSchedule(new ScheduleIdCommand(TestData.customerUser("cm", Role.MANAGER, "acme"), id)))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("not limited to customers");
        assertThat(service.getSchedule(new ScheduleIdQuery(TestData.user("ana", Role.ANALYST), id)).schedule().id()).isEqualTo(id);
        assertThatThrownBy(() -> service.getSchedule(new ScheduleIdQuery(TestData.user("vic", Role.VIEWER), id))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.deleteSchedule(new ScheduleIdCommand(manager, UUID.randomUUID()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theOwnerMakesAndRotatesTheWebhookSecretWhichIsNeverAudited() {
        assertThatThrownBy(() -> service.rotateWebhookSecret(new RotateWebhookSecretCommand(TestData.user("adam", Role.ADMIN))))
                .isInstanceOf(ForbiddenException.class);
        Actor owner = TestData.user("olga", Role.OWNER);

        String first = service.rotateWebhookSecret(new RotateWebhookSecretCommand(owner));
        String second = service.rotateWebhookSecret(new RotateWebhookSecretCommand(owner));

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(6))).hasSize(32);
        assertThat(tenants.webhookSecrets).containsEntry(TestData.TENANT, second);
        assertThat(actions()).containsExactly("tenant.webhook_secret_created", "tenant.webhook_secret_rotated");
        assertThat(audit.entries).allMatch(entry -> entry.details().isEmpty());
    }

    @Test
    void aSignedLinkWithABadSignatureIsNotFoundAndAnExpiredOneIsGone() {
        UUID file = UUID.randomUUID();
        assertThatThrownBy(() -> service.downloadSignedFile(new SignedFileQuery("acme", file, NOW.getEpochSecond() + 60, "forged")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.downloadSignedFile(new SignedFileQuery("acme", file, NOW.getEpochSecond() - 1, "good")))
                .isInstanceOf(GoneException.class).hasMessageContaining("expired");
    }
}
