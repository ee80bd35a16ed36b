package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.tally.application.port.in.schedule.RunScheduledJobsUseCase;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scheduled report delivery through the real server, a real SMTP server (GreenMail, started by the test) and a real HTTP
 * receiver: e-mail with attachments read back, an oversize file sent as a signed link, webhooks signed as Standard
 * Webhooks says (verified here with the JDK's own HMAC), retries with backoff (1 s, 2 s), pause and resume, run now,
 * validation, roles and tenants. This server runs the jobs (db-scheduler), with attachments up to 150 kB.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleIT extends ApiTestSupport implements TestPropertyProvider {

    static final long MAX_ATTACHMENT = 150_000;

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final WebhookReceiver receiver = new WebhookReceiver();

    @Inject
    RunScheduledJobsUseCase jobs;

    String owner;
    String manager;
    String analyst;

    @Override
    public Map<String, String> getProperties() {
        mail.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tally.jobs.enabled", "true");
        properties.put("tally.smtp.url", "smtp://127.0.0.1:" + mail.getSmtp().getPort());
        properties.put("tally.smtp.from", "Tally Reports <reports@tally.test>");
        properties.put("tally.smtp.max-attachment", String.valueOf(MAX_ATTACHMENT));
        properties.put("tally.webhook.allow-private", "true");
        properties.put("tally.delivery.retry-backoff", "1s,2s");
        properties.put("tally.node-name", "schedule-it");
        return properties;
    }

    @AfterAll
    void stop() {
        mail.stop();
        receiver.close();
    }

    @BeforeEach
    void people() {
        owner = Tokens.user(tenant, "owner");
        manager = Tokens.user(tenant, "manager");
        analyst = Tokens.user(tenant, "analyst");
        Api.Reply customer = api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", "Acme Łódź GmbH", "timezone", "Europe/Berlin")));
        assertThat(customer.status()).as(customer.body()).isIn(200, 201);
        List<Map<String, Object>> calls = Events.batch(3, i -> Events.call("call-" + i, "acme"));
        Api.Reply ingested = api.postEvents(Tokens.service(tenant, "events:write"), calls);
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
    }

    Map<String, Object> create(Map<String, Object> schedule) {
        Api.Reply created = api.post("/api/v1/schedules", manager, "application/json", api.json(schedule));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.map();
    }

    static Map<String, Object> schedule(String name, String report, Map<String, Object> params, List<String> formats, List<Map<String, Object>> channels) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("name", name);
        schedule.put("report", report);
        schedule.put("params", params);
        schedule.put("formats", formats);
        schedule.put("cron", "0 9 * * 1");
        schedule.put("timezone", "Europe/Berlin");
        schedule.put("channels", channels);
        return schedule;
    }

    /** Runs the schedule now and waits until the run is finished; answers the run. */
    Map<String, Object> runNow(String id) throws InterruptedException {
        Api.Reply started = api.post("/api/v1/schedules/" + id + "/run", manager, "application/json", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.map().get("status")).isEqualTo("queued");
        return finished(id, (String) started.map().get("id"), Duration.ofSeconds(60));
    }

    Map<String, Object> finished(String schedule, String run, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        Map<String, Object> found = null;
        while (Instant.now().isBefore(end)) {
            Api.Reply runs = api.get("/api/v1/schedules/" + schedule + "/runs", analyst);
            assertThat(runs.status()).as(runs.body()).isEqualTo(200);
            found = runs.items().stream().filter(item -> run.equals(item.get("id"))).findFirst().orElse(null);
            if (found != null && List.of("succeeded", "failed", "partially_failed").contains(found.get("status"))) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + run + " did not finish within " + timeout + ": " + found);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static Map<String, byte[]> attachments(MimeMessage message) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Multipart mixed = (Multipart) message.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            BodyPart part = mixed.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                files.put(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        return files;
    }

    /** The text/html part of a message's body. */
    static String html(MimeMessage message) throws Exception {
        Multipart mixed = (Multipart) message.getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            if (alternative.getBodyPart(i).isMimeType("text/html")) {
                return (String) alternative.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no HTML body");
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void mailsTheHtmlReportWithThePdfAndXlsxAttachedAndReadsBackEachOne() throws Exception {
        Map<String, Object> created = create(schedule("Weekly activity", "activity", Map.of("customer", "acme", "period", "last_7_days"),
                List.of("pdf", "xlsx"), List.of(Map.of("type", "email", "to", List.of("ops@example.com", "lead@example.com")))));
        String id = (String) created.get("id");
        assertThat(created).containsEntry("cron", "0 9 * * 1").containsEntry("timezone", "Europe/Berlin").containsEntry("enabled", true)
                .containsEntry("retention_days", 7).containsEntry("version", 1);
        @SuppressWarnings("unchecked")
        List<String> next = (List<String>) created.get("next_runs");
        assertThat(next).hasSize(5);
        for (String at : next) {
            OffsetDateTime local = OffsetDateTime.parse(at);
            assertThat(local.atZoneSameInstant(ZoneId.of("Europe/Berlin")).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
            assertThat(local.atZoneSameInstant(ZoneId.of("Europe/Berlin")).toLocalTime()).isEqualTo(java.time.LocalTime.of(9, 0));
            assertThat(local.getOffset()).isEqualTo(ZoneId.of("Europe/Berlin").getRules().getOffset(local.toInstant()));
        }
        int before = mail.getReceivedMessages().length;

        Map<String, Object> run = runNow(id);

        assertThat(run.get("status")).as(run.toString()).isEqualTo("succeeded");
        assertThat(run).containsEntry("trigger", "manual").containsEntry("attempts", 1).containsEntry("node", "schedule-it");
        assertThat(run.get("data_complete_as_of")).isNotNull();
        assertThat(list(run.get("files"))).extracting(file -> file.get("format")).containsExactly("pdf", "xlsx", "html");
        Map<String, Object> delivery = list(run.get("deliveries")).getFirst();
        assertThat(delivery).containsEntry("status", "succeeded");
        Map<String, Object> attempt = list(delivery.get("attempts")).getFirst();
        assertThat(attempt).containsEntry("attempt", 1).containsEntry("outcome", "succeeded");
        assertThat((String) attempt.get("reply")).startsWith("250");
        assertThat(((Number) attempt.get("duration_ms")).longValue()).isGreaterThanOrEqualTo(0);

        assertThat(mail.waitForIncomingEmail(10_000, before + 2)).isTrue();
        List<MimeMessage> received = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            if (message.getSubject().startsWith("Weekly activity")) {
                received.add(message);
            }
        }
        assertThat(received).hasSize(2);
        MimeMessage message = received.getFirst();
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com", "lead@example.com");
        assertThat(message.getFrom()[0].toString()).contains("reports@tally.test");
        assertThat(message.getSubject()).contains(" to ");
        String html = html(message);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Call activity").contains("Acme Łódź GmbH").contains("Data complete as of");

        Map<String, byte[]> files = attachments(message);
        assertThat(files.keySet()).hasSize(2).anyMatch(name -> name.endsWith(".pdf")).anyMatch(name -> name.endsWith(".xlsx"));
        byte[] pdf = files.entrySet().stream().filter(e -> e.getKey().endsWith(".pdf")).findFirst().orElseThrow().getValue();
        String text = pdfText(pdf);
        assertThat(text).contains("Call activity").contains("Acme Łódź GmbH").contains("Data complete as of");
        byte[] xlsx = files.entrySet().stream().filter(e -> e.getKey().endsWith(".xlsx")).findFirst().orElseThrow().getValue();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet summary = book.getFirstSheet();
            List<Row> rows = summary.read();
            Row calls = rows.stream().filter(row -> "Calls".equals(row.getCellText(0))).findFirst().orElseThrow();
            assertThat(calls.getCell(1).asNumber()).isEqualByComparingTo("3");
        }
        // the stored files are the ones mailed
        for (Map<String, Object> file : list(run.get("files"))) {
            if (!"html".equals(file.get("format"))) {
                Api.Binary stored = api.download((String) file.get("url"), analyst);
                assertThat(stored.status()).isEqualTo(200);
                assertThat(sha256(stored.body())).isEqualTo(file.get("sha256"));
                byte[] mailed = files.entrySet().stream().filter(e -> e.getKey().endsWith("." + file.get("format"))).findFirst().orElseThrow().getValue();
                assertThat(sha256(mailed)).isEqualTo(file.get("sha256"));
            }
        }
    }

    @Test
    void aFileLargerThanTheAttachmentLimitIsSentAsASignedLinkAndTheMailSaysSo() throws Exception {
        List<Map<String, Object>> calls = Events.batch(1500, i -> Events.call("bulk-" + i, "acme"));
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), calls.subList(0, 750)).status()).isEqualTo(200);
        assertThat(api.postEvents(Tokens.service(tenant, "events:write"), calls.subList(750, 1500)).status()).isEqualTo(200);
        Map<String, Object> created = create(schedule("History for Acme", "usage-history", Map.of("customer", "acme", "days", 7),
                List.of("csv", "xlsx"), List.of(Map.of("type", "email", "to", List.of("big@example.com")))));
        int before = mail.getReceivedMessages().length;

        Map<String, Object> run = runNow((String) created.get("id"));

        assertThat(run.get("status")).as(run.toString()).isEqualTo("succeeded");
        Map<String, Object> csv = list(run.get("files")).stream().filter(file -> "csv".equals(file.get("format"))).findFirst().orElseThrow();
        Map<String, Object> xlsx = list(run.get("files")).stream().filter(file -> "xlsx".equals(file.get("format"))).findFirst().orElseThrow();
        assertThat(((Number) csv.get("bytes")).longValue()).isGreaterThan(MAX_ATTACHMENT);
        assertThat(((Number) xlsx.get("bytes")).longValue()).isLessThanOrEqualTo(MAX_ATTACHMENT);
        assertThat(mail.waitForIncomingEmail(10_000, before + 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[before];
        assertThat(message.getSubject()).startsWith("History for Acme");
        assertThat(attachments(message).keySet()).hasSize(1).allMatch(name -> name.endsWith(".xlsx"));
        String html = html(message);
        assertThat(html).contains("The CSV file").contains("is larger than this server attaches (150.0 kB)").contains("/api/v1/schedule-files/");
        String link = html.substring(html.indexOf("href=\"") + 6, html.indexOf('"', html.indexOf("href=\"") + 6)).replace("&amp;", "&");

        Api.Binary downloaded = api.download(URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery(), null);
        assertThat(downloaded.status()).as(downloaded.text()).isEqualTo(200);
        assertThat(sha256(downloaded.body())).isEqualTo(csv.get("sha256"));
        assertThat(downloaded.text()).contains("bulk-1499");
        Api.Reply forged = api.get(URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery().replaceAll("signature=.", "signature=A"), null);
        assertThat(forged.status()).isEqualTo(404);
    }

    /** The Standard Webhooks signature of a message, computed here with the JDK alone. */
    static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    String webhookSecret() {
        Api.Reply secret = api.post("/api/v1/tenant/webhook-secret", owner, "application/json", "");
        assertThat(secret.status()).as(secret.body()).isEqualTo(201);
        String value = (String) secret.map().get("secret");
        assertThat(value).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(value.substring(6))).hasSize(32);
        return value;
    }

    @Test
    void postsAWebhookSignedAsStandardWebhooksSaysWithLinksToTheFiles() throws Exception {
        String secret = webhookSecret();
        String path = "/hooks/" + tenant;
        Map<String, Object> created = create(schedule("Daily overview", "activity", Map.of("customer", "acme", "period", "last_7_days"),
                List.of("pdf", "csv"), List.of(Map.of("type", "webhook", "url", receiver.url(path)), Map.of("type", "storage"))));

        Map<String, Object> run = runNow((String) created.get("id"));

        assertThat(run.get("status")).as(run.toString()).isEqualTo("succeeded");
        List<WebhookReceiver.Received> calls = receiver.await(path, 1, Duration.ofSeconds(5));
        assertThat(calls).hasSize(1);
        WebhookReceiver.Received call = calls.getFirst();
        assertThat(call.header("webhook-id")).isEqualTo(run.get("idempotency_key"));
        assertThat(call.header("content-type")).isEqualTo("application/json");
        long timestamp = Long.parseLong(call.header("webhook-timestamp"));
        assertThat(Math.abs(timestamp - Instant.now().getEpochSecond())).isLessThan(60);
        assertThat(call.header("webhook-signature")).isEqualTo(expectedSignature(secret, call.header("webhook-id"), call.header("webhook-timestamp"),
                call.body()));
        Map<String, Object> payload = json.readValue(call.body(), io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> scheduleJson = (Map<String, Object>) payload.get("schedule");
        assertThat(scheduleJson).containsEntry("id", created.get("id")).containsEntry("name", "Daily overview");
        @SuppressWarnings("unchecked")
        Map<String, Object> runJson = (Map<String, Object>) payload.get("run");
        assertThat(runJson).containsEntry("id", run.get("id")).containsEntry("trigger", "manual");
        @SuppressWarnings("unchecked")
        Map<String, Object> period = (Map<String, Object>) payload.get("period");
        assertThat(period).containsEntry("timezone", "Europe/Berlin").containsKeys("from", "to");
        List<Map<String, Object>> files = list(payload.get("files"));
        assertThat(files).extracting(file -> file.get("format")).containsExactly("pdf", "csv");
        for (Map<String, Object> file : files) {
            URI url = URI.create((String) file.get("url"));
            Api.Binary downloaded = api.download(url.getRawPath() + "?" + url.getRawQuery(), null);
            assertThat(downloaded.status()).isEqualTo(200);
            assertThat(downloaded.body()).hasSize(((Number) file.get("bytes")).intValue());
            assertThat(sha256(downloaded.body())).isEqualTo(file.get("sha256"));
        }
        assertThat(list(run.get("deliveries"))).extracting(d -> d.get("status")).containsExactly("succeeded", "succeeded");
        assertThat(list(list(run.get("deliveries")).getFirst().get("attempts")).getFirst()).containsEntry("reply", "HTTP 200");

        // a secret rotated signs the next run; the old one no longer verifies
        String rotated = webhookSecret();
        Map<String, Object> again = runNow((String) created.get("id"));
        WebhookReceiver.Received second = receiver.await(path, 2, Duration.ofSeconds(5)).get(1);
        assertThat(second.header("webhook-id")).isEqualTo(again.get("idempotency_key")).isNotEqualTo(call.header("webhook-id"));
        assertThat(second.header("webhook-signature")).isEqualTo(expectedSignature(rotated, second.header("webhook-id"),
                second.header("webhook-timestamp"), second.body())).isNotEqualTo(expectedSignature(secret, second.header("webhook-id"),
                second.header("webhook-timestamp"), second.body()));
    }

    @Test
    void aReceiverAnswering500TwiceThen200GetsThreeAttemptsAndSucceeds() throws Exception {
        webhookSecret();
        String path = "/flaky/" + tenant;
        receiver.answer(path, 500, 500);
        Map<String, Object> created = create(schedule("Flaky receiver", "activity", Map.of("customer", "acme", "period", "last_7_days"),
                List.of("json"), List.of(Map.of("type", "webhook", "url", receiver.url(path)))));

        Map<String, Object> run = runNow((String) created.get("id"));

        assertThat(run.get("status")).as(run.toString()).isEqualTo("succeeded");
        List<Map<String, Object>> attempts = list(list(run.get("deliveries")).getFirst().get("attempts"));
        assertThat(attempts).extracting(a -> a.get("outcome")).containsExactly("failed", "failed", "succeeded");
        assertThat(attempts).extracting(a -> a.get("reply")).containsExactly("HTTP 500", "HTTP 500", "HTTP 200");
        assertThat((String) attempts.getFirst().get("error")).isEqualTo("the receiver answered 500: receiver says no");
        Instant first = Instant.parse((String) attempts.get(0).get("at"));
        Instant second = Instant.parse((String) attempts.get(1).get("at"));
        Instant third = Instant.parse((String) attempts.get(2).get("at"));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        List<WebhookReceiver.Received> calls = receiver.received(path);
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(call -> call.header("webhook-id")).containsOnly((String) run.get("idempotency_key"));
    }

    @Test
    void aDeliveryThatNeverSucceedsIsFailedAfterItsRetriesAndAudited() throws Exception {
        webhookSecret();
        String path = "/down/" + tenant;
        receiver.answer(path, 503, 503, 503);
        Map<String, Object> created = create(schedule("Down receiver", "activity", Map.of("customer", "acme", "period", "last_7_days"),
                List.of("csv"), List.of(Map.of("type", "webhook", "url", receiver.url(path)), Map.of("type", "storage"))));

        Map<String, Object> run = runNow((String) created.get("id"));

        assertThat(run.get("status")).as(run.toString()).isEqualTo("partially_failed");
        Map<String, Object> webhook = list(run.get("deliveries")).getFirst();
        assertThat(webhook).containsEntry("status", "failed");
        assertThat(list(webhook.get("attempts"))).hasSize(3).allMatch(attempt -> "HTTP 503".equals(attempt.get("reply")));
        assertThat(list(run.get("deliveries")).get(1)).containsEntry("status", "succeeded");
        Api.Reply audit = api.get("/api/v1/admin/audit?action=schedule.delivery_failed", Tokens.user(tenant, "admin"));
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.items()).hasSize(1);
        assertThat(audit.items().getFirst().get("target")).isEqualTo("schedule:" + created.get("id"));
    }

    @Test
    void aPrivateAddressIsRefusedUnlessTheOperatorAllowsIt() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1), "test")) {
            EmbeddedServer other = context.getBean(EmbeddedServer.class).start();
            Api strict = new Api(other.getURI(), json);
            webhookSecret();
            for (String url : List.of(receiver.url("/x"), "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/")) {
                Api.Reply refused = strict.post("/api/v1/schedules", manager, "application/json", api.json(schedule("SSRF", "activity",
                        Map.of("customer", "acme"), List.of("pdf"), List.of(Map.of("type", "storage"), Map.of("type", "webhook", "url", url)))));
                assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.errors().getFirst()).containsEntry("field", "channels[1].url");
                assertThat((String) refused.errors().getFirst().get("message")).contains("TALLY_WEBHOOK_ALLOW_PRIVATE");
            }
            // nor is e-mail taken where no SMTP server is configured
            Api.Reply noMail = strict.post("/api/v1/schedules", manager, "application/json", api.json(schedule("Mail", "activity",
                    Map.of("customer", "acme"), List.of("pdf"), List.of(Map.of("type", "email", "to", List.of("a@example.com"))))));
            assertThat(noMail.status()).isEqualTo(400);
            assertThat(noMail.errors().getFirst()).containsEntry("field", "channels[0].type");
            assertThat((String) noMail.errors().getFirst().get("message")).contains("TALLY_SMTP_URL");
        }
    }

    /** The db-scheduler execution of a schedule's fire, if armed: when it is due. */
    static Instant armedAt(String schedule) throws SQLException {
        try (Connection db = TestDb.connect();
             PreparedStatement select = db.prepareStatement("SELECT execution_time FROM scheduled_tasks WHERE task_name = 'schedule-fire' AND task_instance = ?")) {
            select.setString(1, schedule);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    @Test
    void pauseStopsTheFiresAndResumeArmsTheNextOne() throws Exception {
        Map<String, Object> created = create(schedule("Pausable", "activity", Map.of("customer", "acme"), List.of("pdf"),
                List.of(Map.of("type", "storage"))));
        String id = (String) created.get("id");
        @SuppressWarnings("unchecked")
        String first = ((List<String>) created.get("next_runs")).getFirst();
        assertThat(armedAt(id)).isEqualTo(OffsetDateTime.parse(first).toInstant());

        Api.Reply paused = api.post("/api/v1/schedules/" + id + "/pause", manager, "application/json", "");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.map()).containsEntry("enabled", false).containsEntry("next_runs", List.of()).containsEntry("version", 2);
        assertThat(armedAt(id)).isNull();
        // a paused schedule can still be run by hand
        assertThat(runNow(id).get("status")).isEqualTo("succeeded");

        Api.Reply resumed = api.post("/api/v1/schedules/" + id + "/resume", manager, "application/json", "");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.map()).containsEntry("enabled", true).containsEntry("version", 3);
        assertThat(armedAt(id)).isEqualTo(OffsetDateTime.parse(first).toInstant());

        // a fire lost (its arming failed after the schedule was saved) is armed again by the re-arming job
        try (Connection db = TestDb.connect();
             PreparedStatement lose = db.prepareStatement("DELETE FROM scheduled_tasks WHERE task_name = 'schedule-fire' AND task_instance = ?")) {
            lose.setString(1, id);
            assertThat(lose.executeUpdate()).isEqualTo(1);
        }
        assertThat(jobs.armMissingFires()).isPositive();
        assertThat(armedAt(id)).isEqualTo(OffsetDateTime.parse(first).toInstant());

        Api.Reply changed = api.put("/api/v1/schedules/" + id, manager, api.json(Map.of("name", "Pausable", "report", "activity", "params",
                Map.of("customer", "acme"), "formats", List.of("pdf"), "cron", "30 2 * * *", "timezone", "America/New_York", "channels",
                List.of(Map.of("type", "storage")))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<String> next = (List<String>) changed.map().get("next_runs");
        assertThat(armedAt(id)).isEqualTo(OffsetDateTime.parse(next.getFirst()).toInstant());
        assertThat(OffsetDateTime.parse(next.getFirst()).atZoneSameInstant(ZoneId.of("America/New_York")).getHour()).isIn(2, 3);

        Api.Reply audit = api.get("/api/v1/admin/audit?limit=100", Tokens.user(tenant, "admin"));
        assertThat(audit.items()).extracting(entry -> entry.get("action")).contains("schedule.created", "schedule.paused",
                "schedule.run_requested", "schedule.resumed", "schedule.changed");
        Api.Reply deleted = api.delete("/api/v1/schedules/" + id, manager);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(armedAt(id)).isNull();
        assertThat(api.get("/api/v1/schedules/" + id, manager).status()).isEqualTo(404);
    }

    @Test
    void badSchedulesAreRefusedNamingTheField() {
        Map<String, Map.Entry<Map<String, Object>, String>> cases = new LinkedHashMap<>();
        Map<String, Object> good = schedule("Good", "activity", Map.of("customer", "acme"), List.of("pdf"), List.of(Map.of("type", "storage")));
        Map<String, Object> badCron = new LinkedHashMap<>(good);
        badCron.put("cron", "0 24 * * *");
        cases.put("cron", Map.entry(badCron, "hour (field 2): 24 is outside 0-23"));
        Map<String, Object> sixFields = new LinkedHashMap<>(good);
        sixFields.put("cron", "0 0 9 * * *");
        cases.put("cron ", Map.entry(sixFields, "has 6 fields"));
        Map<String, Object> zone = new LinkedHashMap<>(good);
        zone.put("timezone", "Europe/Atlantis");
        cases.put("timezone", Map.entry(zone, "not an IANA timezone"));
        Map<String, Object> format = new LinkedHashMap<>(good);
        format.put("formats", List.of("docx"));
        cases.put("formats", Map.entry(format, "docx"));
        Map<String, Object> template = new LinkedHashMap<>(good);
        template.put("report", "no-such-report");
        cases.put("report", Map.entry(template, "no-such-report"));
        Map<String, Object> customer = new LinkedHashMap<>(good);
        customer.put("params", Map.of("customer", "nobody"));
        cases.put("params.customer", Map.entry(customer, "nobody"));
        Map<String, Object> period = new LinkedHashMap<>(good);
        period.put("params", Map.of("customer", "acme", "period", "last_fortnight"));
        cases.put("params.period", Map.entry(period, "last_fortnight"));
        Map<String, Object> address = new LinkedHashMap<>(good);
        address.put("channels", List.of(Map.of("type", "email", "to", List.of("not an address"))));
        cases.put("channels[0].to", Map.entry(address, "not an e-mail address"));
        Map<String, Object> noSecret = new LinkedHashMap<>(good);
        noSecret.put("channels", List.of(Map.of("type", "webhook", "url", receiver.url("/nosecret"))));
        cases.put("channels[0].type", Map.entry(noSecret, "POST /api/v1/tenant/webhook-secret"));
        Map<String, Object> dashboard = new LinkedHashMap<>(good);
        dashboard.put("report", "dashboard:" + java.util.UUID.randomUUID());
        dashboard.put("params", Map.of());
        cases.put("report ", Map.entry(dashboard, "there is no dashboard"));
        Map<String, Object> unknown = new LinkedHashMap<>(good);
        unknown.put("every", "monday");
        cases.put("every", Map.entry(unknown, "is not a field of a schedule"));
        assertEachRefusedNamingTheField("/api/v1/schedules", cases);
        assertThat(api.get("/api/v1/schedules", manager).items()).isEmpty();
    }

    @Test
    void aPreviewShowsTheNextRunsOfACronBeforeItIsSavedAndRefusesBadOnesNamingTheField() {
        Map<String, Object> timing = Map.of("cron", "30 2 * * *", "timezone", "Europe/Berlin", "count", 20);
        Api.Reply preview = api.post("/api/v1/schedules/preview", analyst, "application/json", api.json(timing));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.map()).containsEntry("cron", "30 2 * * *").containsEntry("timezone", "Europe/Berlin");
        @SuppressWarnings("unchecked")
        List<String> runs = (List<String>) preview.map().get("next_runs");
        assertThat(runs).hasSize(20);
        Instant previous = Instant.now();
        for (String at : runs) {
            // every day at 02:30 Berlin time with the offset of that day, or at 03:00 on a day the clocks skip 02:30
            OffsetDateTime time = OffsetDateTime.parse(at);
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            assertThat(time.getOffset()).isEqualTo(berlin.getRules().getOffset(time.toInstant()));
            assertThat(time.toLocalTime()).isIn(java.time.LocalTime.of(2, 30), java.time.LocalTime.of(3, 0));
            assertThat(time.toInstant()).isAfter(previous).isBefore(previous.plus(Duration.ofHours(25)));
            previous = time.toInstant();
        }
        // the same computation as a saved schedule's next_runs; nothing is stored
        assertThat(api.get("/api/v1/schedules", manager).items()).isEmpty();
        Map<String, Object> weekly = Map.of("cron", "0 9 * * 1", "timezone", "Europe/Berlin");
        Api.Reply before = api.post("/api/v1/schedules/preview", manager, "application/json", api.json(weekly));
        Map<String, Object> saved = create(schedule("Previewed", "activity", Map.of("customer", "acme"), List.of("pdf"),
                List.of(Map.of("type", "storage"))));
        assertThat(before.map().get("next_runs")).isEqualTo(saved.get("next_runs"));

        Map<String, Map.Entry<Map<String, Object>, String>> cases = new LinkedHashMap<>();
        cases.put("cron", Map.entry(Map.of("cron", "0 24 * * *", "timezone", "Europe/Berlin"), "hour (field 2): 24 is outside 0-23"));
        cases.put("cron ", Map.entry(Map.of("timezone", "Europe/Berlin"), "is required"));
        cases.put("timezone", Map.entry(Map.of("cron", "0 9 * * 1", "timezone", "Europe/Atlantis"), "not an IANA timezone"));
        cases.put("count", Map.entry(Map.of("cron", "0 9 * * 1", "timezone", "UTC", "count", 21), "must be 1 to 20"));
        cases.put("count ", Map.entry(Map.of("cron", "0 9 * * 1", "timezone", "UTC", "count", "five"), "whole number"));
        cases.put("name", Map.entry(Map.of("cron", "0 9 * * 1", "timezone", "UTC", "name", "x"), "is not a field of a preview"));
        assertEachRefusedNamingTheField("/api/v1/schedules/preview", cases);
        assertThat(api.post("/api/v1/schedules/preview", Tokens.user(tenant, "viewer"), "application/json", api.json(weekly)).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/schedules/preview", null, "application/json", api.json(weekly)).status()).isEqualTo(401);
    }

    /**
     * Each case (keyed by the field the problem must name; trailing spaces keep keys apart) posted by the manager is a 400
     * problem naming that field, its message containing the case's text.
     */
    private void assertEachRefusedNamingTheField(String path, Map<String, Map.Entry<Map<String, Object>, String>> cases) {
        cases.forEach((field, given) -> {
            Api.Reply refused = api.post(path, manager, "application/json", api.json(given.getKey()));
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.errors().getFirst().get("field")).as(refused.body()).isEqualTo(field.strip());
            assertThat((String) refused.errors().getFirst().get("message")).as(refused.body()).contains(given.getValue());
        });
    }

    @Test
    void rolesAndTenants() throws Exception {
        Map<String, Object> good = schedule("Roles", "activity", Map.of("customer", "acme"), List.of("pdf"), List.of(Map.of("type", "storage")));
        assertThat(api.post("/api/v1/schedules", analyst, "application/json", api.json(good)).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/schedules", Tokens.user(tenant, "viewer"), "application/json", api.json(good)).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/schedules", Tokens.customerUser(tenant, List.of("acme"), "manager"), "application/json", api.json(good))
                .status()).isEqualTo(403);
        assertThat(api.post("/api/v1/schedules", null, "application/json", api.json(good)).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/tenant/webhook-secret", Tokens.user(tenant, "admin"), "application/json", "").status()).isEqualTo(403);
        String id = (String) create(good).get("id");
        Map<String, Object> run = runNow(id);
        String file = (String) list(run.get("files")).getFirst().get("url");

        assertThat(api.get("/api/v1/schedules/" + id, analyst).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/schedules", analyst).items()).hasSize(1);
        assertThat(api.get("/api/v1/schedules/" + id, Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/schedules/" + id + "/run", analyst, "application/json", "").status()).isEqualTo(403);
        assertThat(api.download(file, analyst).status()).isEqualTo(200);
        assertThat(api.download(file, Tokens.customerUser(tenant, List.of("acme"), "viewer")).status()).isEqualTo(200);
        assertThat(api.download(file, Tokens.customerUser(tenant, List.of("globex"), "viewer")).status()).isEqualTo(404);

        String other = Tokens.freshTenant();
        String stranger = Tokens.user(other, "owner");
        assertThat(api.get("/api/v1/schedules/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/schedules/" + id + "/runs", stranger).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/schedules/" + id + "/run", stranger, "application/json", "").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/schedules/" + id + "/pause", stranger, "application/json", "").status()).isEqualTo(404);
        assertThat(api.put("/api/v1/schedules/" + id, stranger, api.json(good)).status()).isIn(400, 404);
        assertThat(api.delete("/api/v1/schedules/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.download(file, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/schedules", stranger).items()).isEmpty();
        assertThat(api.get("/api/v1/schedules/" + id, manager).status()).isEqualTo(200);
    }
}
