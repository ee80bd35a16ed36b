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
 * test-fired; what a viewer is shown instead; axe-core's check of each page. This server runs the jobs (db-scheduler),
 * so runs are delivered and rules evaluated as in production. Screenshots go to target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleWorkIT extends ConsoleTestSupport implements TestPropertyProvider {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Override
    public Map<String, String> getProperties() {
        return Map.of("tally.jobs.enabled", "true", "tally.node-name", "console-work-it");
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

    private void openPage(String nav) {
        browser.driver().findElement(By.cssSelector("nav[aria-label='Pages']")).findElement(By.linkText(nav)).click();
        browser.awaitText(By.tagName("h1"), nav);
        browser.awaitLoaded();
    }

    private WebElement present(By locator) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private void type(String id, String text) {
        WebElement field = browser.await(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** The fire times the schedule form previews, in Berlin, once every one of them passes the check (the preview is asked for a moment after typing). */
    private List<ZonedDateTime> previewedRuns(Predicate<ZonedDateTime> check) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(driver -> {
            List<ZonedDateTime> runs = driver.findElements(By.cssSelector("#preview-next-runs time")).stream()
                    .map(time -> OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(BERLIN)).toList();
            return !runs.isEmpty() && runs.stream().allMatch(check) ? runs : null;
        });
    }

    private void choose(String id, String value) {
        new Select(browser.await(By.id(id))).selectByValue(value);
    }

    /** Screenshots at 1280 and 375 px, scrolled to the top, without the toasts that would cover the page's bottom corner. */
    private void screenshots(String name) throws Exception {
        browser.script("document.querySelectorAll('.toast').forEach(toast => toast.remove()); window.scrollTo(0, 0)");
        browser.screenshot(name, 1280);
        browser.screenshot(name + "-375", 375);
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
}
