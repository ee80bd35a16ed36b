package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's metrics, schedules and alerts pages in Debian's headless Chromium ({@link Browser}), as a manager of the
 * test's own tenant: a metric and a saved query made through the forms and run, with figures computed by hand from the
 * seeded events; a schedule saved with its next fire times, run by hand and paused; an alert rule evaluated and
 * test-fired; a schedule and a rule edited and deleted, keeping what the form does not show; a schedule of a dashboard;
 * what a viewer or an analyst is shown instead; axe-core's check of each page. This server runs the jobs (db-scheduler),
 * so runs are delivered and rules evaluated as in production. Screenshots go to target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleWorkIT extends ConsoleTestSupport implements TestPropertyProvider {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Override
    public Map<String, String> getProperties() {
        // e-mail channels are taken once SMTP is configured; nothing in these tests sends one (no server listens there)
        return Map.of("tally.jobs.enabled", "true", "tally.node-name", "console-work-it",
                "tally.smtp.url", "smtp://127.0.0.1:9", "tally.smtp.from", "Tally Reports <reports@tally.test>");
    }

    /**
     * The customer console-acme with 3 transcriptions 2 days ago (10, 20 and 30 minutes, the last failed) and 5 of 5
     * minutes each 20 days ago: 8 transcriptions and 85 minutes in 30 days, 1 failed in 7.
     */
    private void seed() {
        Api.Reply customer = api.put("/internal/v1/customers/console-acme", Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", "Console Acme GmbH", "timezone", "UTC")));
        assertThat(customer.status()).as(customer.body()).isIn(200, 201);
        sendUsage("console-acme", false);
    }

    private WebElement present(By locator) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    /** The fire times the schedule form previews, in Berlin, once every one of them passes the check (the preview is asked for a moment after typing). */
    private List<ZonedDateTime> previewedRuns(Predicate<ZonedDateTime> check) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(driver -> {
            List<ZonedDateTime> runs = driver.findElements(By.cssSelector("#preview-next-runs time")).stream()
                    .map(time -> OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(BERLIN)).toList();
            return !runs.isEmpty() && runs.stream().allMatch(check) ? runs : null;
        });
    }

    private List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aManagerAddsARatioMetricSavesAQueryWithItAndRunsItSeeingTheSeededFigures() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "manager"));
        openPage("Metrics");
        assertThat(browser.driver().findElement(By.cssSelector("#metrics-table [data-metric='transcriptions']")).getText()).contains("Yes");

        type("metric-key", "minutes_per_transcription");
        type("metric-name", "Minutes per transcription");
        type("metric-decimals", "2");
        choose("metric-kind", "ratio");
        choose("metric-first", "transcription_minutes");
        choose("metric-second", "transcriptions");
        type("metric-scale", "1");
        browser.driver().findElement(By.id("metric-save")).click();
        browser.awaitText(By.cssSelector("#metrics-table [data-metric='minutes_per_transcription']"), "transcription_minutes ÷ transcriptions");
        assertThat(browser.driver().findElement(By.cssSelector("#metrics-table [data-metric='minutes_per_transcription']")).getText())
                .contains("Minutes per transcription").contains("No");
        type("metric-filter", "per transcription");
        assertThat(browser.driver().findElements(By.cssSelector("#metrics-table tbody tr")).stream().filter(WebElement::isDisplayed)
                .map(row -> row.getAttribute("data-metric"))).containsExactly("minutes_per_transcription");

        present(By.cssSelector("#query-metrics option[value='minutes_per_transcription']"));
        type("query-name", "Transcriptions per day");
        Select metrics = new Select(browser.driver().findElement(By.id("query-metrics")));
        metrics.selectByValue("transcriptions");
        metrics.selectByValue("minutes_per_transcription");
        choose("query-period", "days:30");
        choose("query-bucket", "day");
        browser.driver().findElement(By.id("query-save")).click();
        browser.awaitText(By.id("queries"), "Transcriptions per day");
        browser.awaitLoaded();
        WebElement row = browser.driver().findElement(By.xpath("//table[@id='queries']//tr[th[normalize-space()='Transcriptions per day']]"));
        assertThat(row.getText()).contains("transcriptions, minutes_per_transcription").contains("30 days");
        // by keyboard: the button takes Enter (and the saved toast may cover it for a mouse)
        row.findElement(By.cssSelector("button.run-query")).sendKeys(Keys.ENTER);

        browser.await(By.id("answer-totals"));
        browser.awaitLoaded();
        // 30 days: 8 transcriptions of 85 minutes, 10.625 minutes each, rounded half-up to 2 decimals
        assertThat(cells(browser.driver().findElement(By.id("answer-totals")))).containsExactly("Total", "8", "10.63");
        List<List<String>> days = browser.driver().findElements(By.cssSelector("#answer tbody tr")).stream().map(this::cells).toList();
        assertThat(days).hasSize(30);
        // 2 days ago: 3 transcriptions of 60 minutes; 20 days ago: 5 of 25 minutes; a day without any has no ratio
        assertThat(days).anySatisfy(day -> assertThat(day.subList(1, 3)).containsExactly("3", "20.00"))
                .anySatisfy(day -> assertThat(day.subList(1, 3)).containsExactly("5", "5.00"))
                .anySatisfy(day -> assertThat(day.subList(1, 3)).containsExactly("0", "–"));
        browser.await(By.cssSelector("#query-result .chart canvas"));
        // the list is read again after the run: it counts it
        browser.awaitText(By.xpath("//table[@id='queries']//tr[th[normalize-space()='Transcriptions per day']]/td[6]"), "1");
        browser.awaitLoaded();

        assertThat(browser.seriousAccessibilityViolations()).as("metrics page").isEmpty();
        screenshots("metrics");
    }

    @Test
    void aManagerSavesAScheduleSeesItsNextRunsRunsItNowAndPausesIt() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "manager"));
        openPage("Schedules");
        browser.await(By.id("schedule-form"));
        type("schedule-name", "Weekly activity");
        choose("schedule-report", "activity");
        type("schedule-customer", "console-acme");
        choose("schedule-period", "last_7_days");
        type("schedule-timezone", "Europe/Berlin");
        // the form previews the next fire times as the cron is typed: the service's answer, a refusal naming the field
        type("schedule-cron", "30 2 * * *");
        List<ZonedDateTime> daily = previewedRuns(at -> at.getMinute() == 30 || at.getHour() == 3);
        assertThat(daily).hasSize(5);
        for (int i = 1; i < daily.size(); i++) {
            assertThat(daily.get(i).toLocalDate()).isEqualTo(daily.get(i - 1).toLocalDate().plusDays(1));
        }
        type("schedule-cron", "0 24 * * *");
        browser.awaitText(By.cssSelector("#schedule-preview .state.error"), "24 is outside 0-23");
        type("schedule-cron", "0 9 * * 1");
        List<ZonedDateTime> previewed = previewedRuns(at -> at.getDayOfWeek() == DayOfWeek.MONDAY && at.getHour() == 9);
        assertThat(previewed).hasSize(5);
        assertThat(browser.driver().findElement(By.id("schedule-preview")).getText()).contains("0 9 * * 1").contains("Europe/Berlin");
        choose("schedule-channel", "storage");
        browser.driver().findElement(By.id("schedule-save")).click();

        List<WebElement> next = browser.driver().findElements(By.cssSelector("#saved-next-runs time"));
        if (next.isEmpty()) {
            browser.await(By.cssSelector("#saved-next-runs time"));
            next = browser.driver().findElements(By.cssSelector("#saved-next-runs time"));
        }
        assertThat(next).hasSize(5);
        OffsetDateTime previous = OffsetDateTime.ofInstant(TestClock.now(), BERLIN);
        for (WebElement time : next) {
            ZonedDateTime at = OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(BERLIN);
            assertThat(at.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(at.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
            assertThat(at.toOffsetDateTime()).isAfter(previous);
            assertThat(time.getText()).startsWith("Mon").contains("09:00");
            previous = at.toOffsetDateTime();
        }
        assertThat(next.stream().map(time -> OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(BERLIN)).toList())
                .as("the saved schedule's next runs are the ones previewed").isEqualTo(previewed);
        browser.awaitText(By.id("schedules"), "Weekly activity");
        WebElement card = browser.await(By.cssSelector("article.schedule"));
        assertThat(card.findElements(By.cssSelector(".next-runs time"))).hasSize(5);
        assertThat(card.getText()).contains("activity").contains("customer: console-acme").contains("storage");

        card.findElement(By.cssSelector("button[data-action='run-now']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(90)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("article.schedule .run[data-status='succeeded']")));
        WebElement run = browser.driver().findElement(By.cssSelector("article.schedule .run"));
        assertThat(run.getText()).contains("Succeeded").contains("run by hand").contains(".pdf").contains("storage");

        screenshots("schedules");
        assertThat(browser.seriousAccessibilityViolations()).as("schedules page").isEmpty();

        browser.driver().findElement(By.cssSelector("article.schedule button[data-action='pause']")).click();
        browser.awaitText(By.cssSelector("article.schedule .badge"), "paused");
        assertThat(browser.driver().findElement(By.cssSelector("article.schedule")).getText()).contains("Paused: no fire times");
        browser.await(By.cssSelector("article.schedule button[data-action='resume']"));
    }

    @Test
    void aManagerAddsAnAlertRuleSeesItFiringAndTestFiresIt() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "manager"));
        openPage("Alerts");
        browser.await(By.id("rule-form"));
        type("rule-name", "Failed transcriptions");
        choose("rule-metric", "failed_transcriptions");
        choose("rule-scope", "tenant");
        choose("rule-window", "last_7_days");
        choose("rule-op", "above");
        type("rule-threshold", "0");
        choose("rule-severity", "high");
        choose("rule-channel", "storage");
        browser.driver().findElement(By.id("rule-save")).click();
        browser.awaitText(By.id("rules"), "Failed transcriptions");

        // the rule is evaluated at once by the job runner: 1 failed transcription in the last 7 days is above 0
        String manager = Tokens.user(tenant, "manager");
        Instant end = Instant.now().plusSeconds(30);
        String id = (String) api.get("/api/v1/alerts", manager).items().getFirst().get("id");
        while (api.get("/api/v1/alerts/" + id, manager).map().get("last_evaluated_at") == null && Instant.now().isBefore(end)) {
            Thread.sleep(200);
        }
        browser.open(console().resolve("/console#/customers"));
        browser.await(By.id("customers"));
        openPage("Alerts");
        WebElement card = browser.await(By.cssSelector("article.rule"));
        assertThat(card.getAttribute("data-state")).isEqualTo("firing");
        assertThat(cells(card.findElement(By.cssSelector("table.states tbody tr")))).startsWith("tenant", "Firing", "1");
        assertThat(card.getText()).contains("above 0").contains("the whole tenant");

        card.findElement(By.cssSelector("button[data-action='test']")).click();
        browser.awaitText(By.cssSelector("article.rule .test-result"), "Test sent");
        assertThat(browser.driver().findElement(By.cssSelector("article.rule .test-result")).getText())
                .contains("about tenant").contains("state Firing").contains("value 1").contains("threshold 0").contains("sent through the channels");
        browser.awaitLoaded();
        browser.await(By.cssSelector("#alert-events tr[data-kind='test']"));
        assertThat(browser.driver().findElements(By.cssSelector("#alert-events tr[data-kind='transition']"))).hasSize(1);

        browser.driver().findElement(By.cssSelector("article.rule .rule-history summary")).click();
        browser.await(By.cssSelector("article.rule .history tr[data-kind='test']"));
        browser.awaitLoaded();

        assertThat(browser.seriousAccessibilityViolations()).as("alerts page").isEmpty();
        screenshots("alerts");
    }

    @Test
    void aViewerSeesNoFormsOnMetricsNoTenantWidePagesAndTheRefusalsDetail() {
        seed();
        signIn(Tokens.user(tenant, "viewer"));
        List<String> nav = browser.driver().findElements(By.cssSelector("nav[aria-label='Pages'] a")).stream().map(WebElement::getText).toList();
        assertThat(nav).containsExactly("Customers", "Dashboards", "Metrics");
        openPage("Metrics");
        assertThat(browser.driver().findElements(By.id("metric-form"))).isEmpty();
        // a viewer may save a private query, not a shared one
        assertThat(new Select(browser.driver().findElement(By.id("query-visibility"))).getOptions()).hasSize(1);

        browser.open(console().resolve("/console#/schedules"));
        browser.awaitText(By.tagName("h1"), "Schedules");
        browser.await(By.cssSelector("#schedules .state.error"));
        assertThat(browser.driver().findElements(By.id("schedule-form"))).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("#schedules .state.error")).getText()).isNotBlank().doesNotContain("answered 403");

        // every call the pages made went to the service's /api/v1
        String origin = server.getURI().resolve("/").toString();
        assertThat(browser.requests().stream().filter(url -> url.startsWith(origin) && !url.contains("/console"))).isNotEmpty()
                .allSatisfy(url -> assertThat(URI.create(url).getPath()).startsWith("/api/v1/"));
    }

    /** Two channels the form cannot show as one: e-mail to two addresses and the export store. */
    private static final List<Map<String, Object>> TWO_CHANNELS = List.of(
            Map.of("type", "email", "to", List.of("ops@console.test", "cfo@console.test")), Map.of("type", "storage"));

    private Map<String, Object> created(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.map();
    }

    private boolean displayed(String id) {
        return browser.driver().findElement(By.id(id)).isDisplayed();
    }

    @Test
    void aManagerEditsAScheduleKeepingWhatTheFormDoesNotShowAndDeletesItAfterAConfirmation() throws Exception {
        seed();
        String manager = Tokens.user(tenant, "manager");
        String id = (String) created(api.post("/api/v1/schedules", manager, "application/json", api.json(Map.of(
                "name", "Weekly activity", "report", "activity", "params", Map.of("customer", "console-acme", "period", "last_week", "paper", "a4"),
                "formats", List.of("pdf", "csv"), "cron", "0 9 * * 1", "timezone", "Europe/Berlin", "channels", TWO_CHANNELS, "retention_days", 14))))
                .get("id");
        Api.Reply paused = api.post("/api/v1/schedules/" + id + "/pause", manager, "application/json", "");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        Map<String, Object> before = api.get("/api/v1/schedules/" + id, manager).map();

        signIn(manager);
        openPage("Schedules");
        browser.await(By.id("schedule-form"));
        By card = By.cssSelector("article.schedule[data-schedule='" + id + "']");
        // by keyboard: Edit takes Enter and puts the focus on the form's first field
        browser.await(card).findElement(By.cssSelector("button[data-action='edit']")).sendKeys(Keys.ENTER);
        browser.awaitText(By.id("schedule-form-title"), "Edit schedule “Weekly activity”");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("schedule-name");
        assertThat(value("schedule-name")).isEqualTo("Weekly activity");
        assertThat(value("schedule-report")).isEqualTo("activity");
        assertThat(value("schedule-customer")).isEqualTo("console-acme");
        assertThat(value("schedule-period")).isEqualTo("last_week");
        assertThat(value("schedule-cron")).isEqualTo("0 9 * * 1");
        assertThat(value("schedule-timezone")).isEqualTo("Europe/Berlin");
        assertThat(value("schedule-retention")).isEqualTo("14");
        assertThat(browser.driver().findElements(By.cssSelector("#schedule-form .checks input:checked")).stream().map(box -> box.getAttribute("value")))
                .containsExactly("pdf", "csv");
        // the two channels are not put into the one channel's fields: the form says they are kept
        assertThat(displayed("schedule-channel")).isFalse();
        assertThat(browser.await(By.id("schedule-kept")).getText()).contains("2 channels").contains("ops@console.test, cfo@console.test")
                .contains("kept as they are").contains("paper: a4").contains("stays paused");
        assertThat(displayed("schedule-cancel")).isTrue();

        type("schedule-name", "Monthly activity");
        type("schedule-cron", "0 7 1 * *");
        assertThat(previewedRuns(at -> at.getDayOfMonth() == 1 && at.getHour() == 7 && at.getMinute() == 0)).hasSize(5);
        assertThat(browser.seriousAccessibilityViolations()).as("schedules page with the edit form").isEmpty();
        screenshots("schedule-edit");
        browser.driver().findElement(By.id("schedule-save")).click();
        browser.awaitText(By.id("schedule-form-title"), "New schedule");
        browser.awaitText(By.cssSelector("article.schedule[data-schedule='" + id + "'] h3"), "Monthly activity");

        Map<String, Object> after = api.get("/api/v1/schedules/" + id, manager).map();
        assertThat(after).containsEntry("name", "Monthly activity").containsEntry("cron", "0 7 1 * *")
                .containsEntry("version", (Integer) before.get("version") + 1);
        for (String kept : List.of("report", "params", "formats", "timezone", "channels", "enabled", "retention_days")) {
            assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
        }
        assertThat(after.get("enabled")).isEqualTo(false);
        assertThat(browser.await(card).getText()).contains("0 7 1 * *").contains("(version " + after.get("version") + ")")
                .doesNotContain("Weekly activity");

        // Delete asks first, in place, with the focus on "No, keep it"; No keeps the schedule and gives the focus back to Delete
        browser.await(card).findElement(By.cssSelector("button[data-action='delete']")).click();
        By confirm = By.id("confirm-schedule-" + id);
        assertThat(browser.await(confirm).getText()).contains("Delete “Monthly activity” with its runs and their files?");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("data-action")).isEqualTo("cancel-delete");
        assertThat(browser.seriousAccessibilityViolations()).as("schedules page with a deletion to confirm").isEmpty();
        screenshots("schedule-delete");
        browser.driver().findElement(confirm).findElement(By.cssSelector("button[data-action='cancel-delete']")).click();
        browser.awaitGone(confirm);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("data-action")).isEqualTo("delete");
        assertThat(api.get("/api/v1/schedules/" + id, manager).status()).isEqualTo(200);

        browser.await(card).findElement(By.cssSelector("button[data-action='delete']")).click();
        browser.await(confirm).findElement(By.cssSelector("button[data-action='confirm-delete']")).click();
        browser.awaitGone(card);
        browser.awaitText(By.id("schedules-title"), "Schedules (0)");
        assertThat(api.get("/api/v1/schedules/" + id, manager).status()).isEqualTo(404);
        assertThat(browser.driver().findElements(card)).isEmpty();
    }

    @Test
    void aManagerEditsARuleKeepingWhatTheFormDoesNotShowAndDeletesItAfterAConfirmation() throws Exception {
        seed();
        String manager = Tokens.user(tenant, "manager");
        String id = (String) created(api.post("/api/v1/alerts", manager, "application/json", api.json(Map.of(
                "name", "Failed transcriptions", "metric", "failed_transcriptions", "scope", "tenant", "window", "last_7_days",
                "condition", Map.of("op", "above", "threshold", 5, "clear_threshold", 3, "for_evaluations", 2, "no_data", "ok"),
                "severity", "high", "evaluate_every", "10m", "channels", TWO_CHANNELS)))).get("id");
        Map<String, Object> before = api.get("/api/v1/alerts/" + id, manager).map();

        signIn(manager);
        openPage("Alerts");
        browser.await(By.id("rule-form"));
        By card = By.cssSelector("article.rule[data-rule='" + id + "']");
        browser.await(card).findElement(By.cssSelector("button[data-action='edit']")).click();
        browser.awaitText(By.id("rule-form-title"), "Edit rule “Failed transcriptions”");
        assertThat(value("rule-metric")).isEqualTo("failed_transcriptions");
        assertThat(value("rule-scope")).isEqualTo("tenant");
        assertThat(value("rule-window")).isEqualTo("last_7_days");
        assertThat(value("rule-op")).isEqualTo("above");
        assertThat(value("rule-threshold")).isEqualTo("5");
        assertThat(value("rule-clear")).isEqualTo("3");
        assertThat(value("rule-for")).isEqualTo("2");
        assertThat(value("rule-severity")).isEqualTo("high");
        assertThat(value("rule-every")).isEqualTo("10m");
        assertThat(displayed("rule-channel")).isFalse();
        assertThat(browser.await(By.id("rule-kept")).getText()).contains("2 channels").contains("kept as they are")
                .contains("With no data the rule counts as ok");

        type("rule-name", "Many failed transcriptions");
        type("rule-threshold", "50");
        assertThat(browser.seriousAccessibilityViolations()).as("alerts page with the edit form").isEmpty();
        screenshots("alert-edit");
        browser.driver().findElement(By.id("rule-save")).click();
        browser.awaitText(By.id("rule-form-title"), "New alert rule");
        browser.awaitText(By.cssSelector("article.rule[data-rule='" + id + "'] h3"), "Many failed transcriptions");

        Map<String, Object> after = api.get("/api/v1/alerts/" + id, manager).map();
        assertThat(after).containsEntry("name", "Many failed transcriptions").containsEntry("version", (Integer) before.get("version") + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> condition = (Map<String, Object>) after.get("condition");
        assertThat(condition).containsEntry("threshold", "50").containsEntry("clear_threshold", "3").containsEntry("for_evaluations", 2)
                .containsEntry("no_data", "ok").containsEntry("op", "above");
        for (String kept : List.of("metric", "scope", "window", "severity", "evaluate_every", "channels", "enabled", "muted_until")) {
            assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
        }
        assertThat(browser.await(card).getText()).contains("above 50, clears at 3");

        browser.await(card).findElement(By.cssSelector("button[data-action='delete']")).click();
        By confirm = By.id("confirm-rule-" + id);
        browser.await(confirm).findElement(By.cssSelector("button[data-action='confirm-delete']")).click();
        browser.awaitGone(card);
        browser.awaitText(By.id("rules-title"), "Rules (0)");
        assertThat(api.get("/api/v1/alerts/" + id, manager).status()).isEqualTo(404);
        assertThat(browser.driver().findElements(card)).isEmpty();
    }

    @Test
    void aManagerSchedulesADashboardWithItsFiltersFromTheForm() throws Exception {
        seed();
        String manager = Tokens.user(tenant, "manager");
        String dashboard = (String) created(api.post("/api/v1/dashboards", manager, "application/json", api.json(Map.of(
                "name", "Console transcriptions", "visibility", "tenant",
                "filters", List.of(Map.of("name", "customer", "type", "customer"), Map.of("name", "period", "type", "period", "default", "last_30_days")),
                "widgets", List.of(Map.of("id", "transcriptions", "title", "Transcriptions", "type", "metric_card",
                        "position", Map.of("x", 0, "y", 0, "w", 3, "h", 2),
                        "query", Map.of("metric", "transcriptions", "customer", "{{filters.customer}}", "period", "{{filters.period}}"))))))).get("id");

        signIn(manager);
        openPage("Schedules");
        browser.await(By.id("schedule-form"));
        type("schedule-name", "Transcriptions board");
        choose("schedule-report", "dashboard:" + dashboard);
        assertThat(new Select(browser.driver().findElement(By.id("schedule-report"))).getFirstSelectedOption().getText())
                .isEqualTo("Dashboard: Console transcriptions");
        // a dashboard's filters instead of a template's customer and period; each empty for its default
        assertThat(displayed("schedule-customer")).isFalse();
        assertThat(displayed("schedule-period")).isFalse();
        WebElement filters = browser.await(By.id("schedule-filters"));
        assertThat(filters.getText()).contains("Filters of “Console transcriptions”").contains("Empty: all customers");
        filters.findElement(By.cssSelector("input[data-filter='customer']")).sendKeys("console-acme");
        assertThat(new Select(filters.findElement(By.cssSelector("select[data-filter='period']"))).getFirstSelectedOption().getText())
                .isEqualTo("Default (Last 30 days)");
        type("schedule-timezone", "Europe/Berlin");
        previewedRuns(at -> at.getDayOfWeek() == DayOfWeek.MONDAY && at.getHour() == 9);
        screenshots("schedule-dashboard");
        assertThat(browser.seriousAccessibilityViolations()).as("schedules page with a dashboard's filters").isEmpty();
        browser.driver().findElement(By.id("schedule-save")).click();
        browser.awaitText(By.id("schedules"), "Transcriptions board");

        List<Map<String, Object>> schedules = api.get("/api/v1/schedules", manager).items();
        assertThat(schedules).hasSize(1);
        Map<String, Object> schedule = schedules.getFirst();
        assertThat(schedule).containsEntry("name", "Transcriptions board").containsEntry("report", "dashboard:" + dashboard)
                .containsEntry("params", Map.of("customer", "console-acme")).containsEntry("formats", List.of("pdf"));

        // and it runs: the dashboard as a PDF in the export store
        WebElement card = browser.await(By.cssSelector("article.schedule[data-schedule='" + schedule.get("id") + "']"));
        assertThat(card.getText()).contains("Dashboard “Console transcriptions”").contains("dashboard:" + dashboard).contains("customer: console-acme");
        card.findElement(By.cssSelector("button[data-action='run-now']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(90)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("article.schedule .run[data-status='succeeded']")));
        assertThat(browser.driver().findElement(By.cssSelector("article.schedule .run")).getText()).contains("dashboard_").contains(".pdf");
    }

    @Test
    void anAnalystSeesSchedulesAndRulesWithoutEditOrDelete() {
        seed();
        String manager = Tokens.user(tenant, "manager");
        created(api.post("/api/v1/schedules", manager, "application/json", api.json(Map.of(
                "name", "Daily billing", "report", "billing-summary", "params", Map.of("period", "yesterday"), "formats", List.of("csv"),
                "cron", "0 6 * * *", "timezone", "UTC", "channels", List.of(Map.of("type", "storage"))))));
        created(api.post("/api/v1/alerts", manager, "application/json", api.json(Map.of(
                "name", "Any failed transcription", "metric", "failed_transcriptions", "scope", "tenant", "window", "last_24_hours",
                "condition", Map.of("op", "above", "threshold", 0), "channels", List.of()))));

        signIn(Tokens.user(tenant, "analyst"));
        openPage("Schedules");
        assertThat(browser.await(By.cssSelector("article.schedule")).getText()).contains("Daily billing");
        assertThat(browser.driver().findElements(By.id("schedule-form"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("article.schedule button"))).isEmpty();
        openPage("Alerts");
        assertThat(browser.await(By.cssSelector("article.rule")).getText()).contains("Any failed transcription");
        assertThat(browser.driver().findElements(By.id("rule-form"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("article.rule button[data-action]"))).isEmpty();
    }
}
