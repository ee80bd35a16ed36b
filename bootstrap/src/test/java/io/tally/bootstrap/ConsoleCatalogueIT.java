package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Editing and deleting metrics and saved queries in the console's Metrics page, in Debian's headless Chromium
 * ({@link Browser}), on the test's own tenant: a manager edits a metric in the form and the API holds the change with
 * what was not touched kept, deletes one after the confirmation, and is shown the API's refusal of a metric another
 * metric uses; a query's owner edits its name and period, keeping what the form does not show, and deletes it; a viewer
 * gets no Edit or Delete on metrics nor on another user's shared query; axe-core's check with the edit forms and a
 * confirmation open. Every button is pressed with the keyboard. Screenshots go to target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleCatalogueIT extends ConsoleTestSupport {

    private static final String JSON = "application/json";

    /** Minutes per transcription, defined through the API with a description, a polarity and 2 decimals. */
    private static final Map<String, Object> MINUTES_EACH = Map.of("key", "minutes_each", "name", "Minutes per transcription",
            "description", "Transcribed minutes over transcriptions", "unit", "number", "polarity", "neutral", "decimals", 2,
            "formula", Map.of("ratio", Map.of("numerator", "transcription_minutes", "denominator", "transcriptions", "scale", 1)));

    /** One customer: the console opens on the customers list, which sign-in waits for. */
    @BeforeEach
    void aCustomer() {
        Api.Reply customer = api.put("/internal/v1/customers/catalogue-acme", Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", "Catalogue Acme GmbH", "timezone", "UTC")));
        assertThat(customer.status()).as(customer.body()).isIn(200, 201);
    }

    private String manager() {
        return Tokens.user(tenant, "manager");
    }

    /** A user token of another subject than {@link Tokens#user}'s: someone else's queries. */
    private String otherUser(String role) {
        return Tokens.MINTER.userToken(tenant, "someone-else", List.of(role), List.of(), Instant.now(), Duration.ofMinutes(10));
    }

    private void defineMetric(Map<String, Object> metric) {
        Api.Reply reply = api.post("/api/v1/metrics", manager(), JSON, api.json(metric));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private String saveQuery(String token, Map<String, Object> query) {
        Api.Reply reply = api.post("/api/v1/queries", token, JSON, api.json(query));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return (String) reply.map().get("id");
    }

    private void openMetrics() {
        browser.driver().findElement(By.cssSelector("nav[aria-label='Pages']")).findElement(By.linkText("Metrics")).click();
        browser.awaitText(By.tagName("h1"), "Metrics");
        browser.await(By.id("metrics-table"));
        browser.await(By.id("query-form"));
        browser.awaitLoaded();
    }

    private By metricRow(String key) {
        return By.cssSelector("#metrics-table tr[data-metric='" + key + "']");
    }

    private By queryRow(String id) {
        return By.cssSelector("#queries tr[data-query='" + id + "']");
    }

    private String activeId() {
        return browser.driver().switchTo().activeElement().getDomAttribute("id");
    }

    @Test
    void aManagerEditsAMetricDeletesOneAfterTheConfirmationAndIsShownWhyOneInUseStays() throws Exception {
        defineMetric(MINUTES_EACH);
        // a metric whose formula names minutes_each: the API refuses to delete minutes_each while it is there
        defineMetric(Map.of("key", "minutes_per_customer", "formula", Map.of("per_customer", "minutes_each")));
        // a saved query asking for minutes_per_customer does not hold its deletion back (the API checks only metrics)
        String query = saveQuery(manager(), Map.of("name", "Minutes per customer", "query", Map.of("metrics", List.of("minutes_per_customer"), "days", 7)));
        signIn(manager());
        openMetrics();
        // built-in metrics cannot change: no buttons on their rows
        assertThat(browser.driver().findElement(metricRow("transcriptions")).findElements(By.tagName("button"))).isEmpty();

        // Cancel puts "New metric" back and the focus on the Edit that opened the form
        press(By.cssSelector("#metrics-table tr[data-metric='minutes_each'] [data-action='edit']"));
        browser.awaitText(By.id("metric-form-title"), "Edit metric minutes_each");
        assertThat(activeId()).isEqualTo("metric-name");
        press(By.id("metric-cancel"));
        browser.awaitText(By.id("metric-form-title"), "New metric");
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("aria-label")).isEqualTo("Edit metric minutes_each");

        press(By.cssSelector("#metrics-table tr[data-metric='minutes_each'] [data-action='edit']"));
        browser.awaitText(By.id("metric-form-title"), "Edit metric minutes_each");
        assertThat(value("metric-key")).isEqualTo("minutes_each");
        assertThat(browser.driver().findElement(By.id("metric-key")).getDomProperty("readOnly")).isEqualTo("true");
        assertThat(value("metric-name")).isEqualTo("Minutes per transcription");
        assertThat(value("metric-description")).isEqualTo("Transcribed minutes over transcriptions");
        assertThat(value("metric-decimals")).isEqualTo("2");
        assertThat(value("metric-kind")).isEqualTo("ratio");
        assertThat(value("metric-first")).isEqualTo("transcription_minutes");
        assertThat(value("metric-second")).isEqualTo("transcriptions");
        assertThat(value("metric-scale")).isEqualTo("1");
        type("metric-name", "Minutes each");
        new Select(browser.await(By.id("metric-unit"))).selectByValue("seconds");
        type("metric-decimals", "1");
        press(By.id("metric-save"));
        browser.awaitText(metricRow("minutes_each"), "Minutes each");
        browser.awaitText(By.id("metric-form-title"), "New metric");
        assertThat(browser.driver().findElement(metricRow("minutes_each")).getText()).contains("seconds");

        Map<String, Object> changed = api.get("/api/v1/metrics/minutes_each", manager()).map();
        assertThat(changed).containsEntry("name", "Minutes each").containsEntry("unit", "seconds").containsEntry("decimals", 1)
                // what the edit left alone
                .containsEntry("description", "Transcribed minutes over transcriptions").containsEntry("polarity", "neutral")
                .containsEntry("formula", Map.of("ratio", Map.of("numerator", "transcription_minutes", "denominator", "transcriptions", "scale", 1)))
                .containsEntry("used_by", List.of("minutes_per_customer"));

        // in use: the confirmation says so, and the API's refusal shows with its detail; the metric stays
        type("metric-filter", "minutes");
        press(By.cssSelector("#metrics-table tr[data-metric='minutes_each'] [data-action='delete']"));
        browser.await(By.id("confirm-metric-minutes_each"));
        assertThat(activeAction()).isEqualTo("cancel-delete");
        assertThat(browser.driver().findElement(By.id("confirm-metric-minutes_each")).getText()).contains("minutes_per_customer use it");
        press(confirmation("confirm-delete"));
        browser.awaitText(By.id("confirm-metric-minutes_each-error"), "is used by the metrics minutes_per_customer");
        browser.await(toast("error", "is used by the metrics minutes_per_customer"));
        assertThat(activeAction()).isEqualTo("confirm-delete");
        assertThat(api.get("/api/v1/metrics/minutes_each", manager()).status()).isEqualTo(200);
        assertThat(browser.driver().findElements(metricRow("minutes_each"))).hasSize(1);
        screenshots("metrics-delete-refused");
        // Escape closes the question and gives the focus back to Delete
        browser.driver().findElement(confirmation("cancel-delete")).sendKeys(Keys.ESCAPE);
        browser.awaitGone(By.id("confirm-metric-minutes_each"));
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("aria-label")).isEqualTo("Delete metric minutes_each");

        press(By.cssSelector("#metrics-table tr[data-metric='minutes_per_customer'] [data-action='delete']"));
        press(confirmation("confirm-delete"));
        browser.await(toast("success", "Metric minutes_per_customer deleted."));
        browser.awaitGone(metricRow("minutes_per_customer"));
        browser.awaitLoaded();
        assertThat(browser.driver().findElements(metricRow("minutes_per_customer"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#query-metrics option[value='minutes_per_customer']"))).isEmpty();
        assertThat(api.get("/api/v1/metrics/minutes_per_customer", manager()).status()).isEqualTo(404);
        // as the confirmation warned: the saved query asking for it no longer runs
        Api.Reply run = api.post("/api/v1/queries/" + query + "/run", manager(), JSON, "{}");
        assertThat(run.status()).as(run.body()).isBetween(400, 499);
        // nothing uses minutes_each now: it goes
        press(By.cssSelector("#metrics-table tr[data-metric='minutes_each'] [data-action='delete']"));
        press(confirmation("confirm-delete"));
        browser.awaitGone(metricRow("minutes_each"));
        assertThat(api.get("/api/v1/metrics/minutes_each", manager()).status()).isEqualTo(404);
    }

    @Test
    void anOwnerEditsASavedQuerysNameAndPeriodKeepingWhatTheFormDoesNotShowThenDeletesIt() {
        String analyst = Tokens.user(tenant, "analyst");
        String id = saveQuery(analyst, Map.of("name", "Weekly transcriptions", "description", "For the Monday meeting",
                "visibility", "private",
                "query", Map.of("metrics", List.of("transcriptions"), "days", 7, "bucket", "week", "compare", "previous", "limit", "{{top}}"),
                "params", List.of(Map.of("name", "top", "type", "number", "default", 5))));
        signIn(analyst);
        openMetrics();

        press(By.cssSelector("#queries tr[data-query='" + id + "'] [data-action='edit']"));
        browser.awaitText(By.id("query-form-title"), "Edit saved query “Weekly transcriptions”");
        assertThat(activeId()).isEqualTo("query-name");
        assertThat(value("query-name")).isEqualTo("Weekly transcriptions");
        assertThat(new Select(browser.driver().findElement(By.id("query-metrics"))).getAllSelectedOptions())
                .extracting(option -> option.getDomProperty("value")).containsExactly("transcriptions");
        assertThat(value("query-period")).isEqualTo("days:7");
        assertThat(value("query-bucket")).isEqualTo("week");
        assertThat(value("query-visibility")).isEqualTo("private");
        assertThat(browser.driver().findElement(By.id("query-kept")).getText()).contains("its description").contains("its parameters (top)");
        type("query-name", "Transcriptions this month");
        new Select(browser.driver().findElement(By.id("query-period"))).selectByValue("period:this_month");
        press(By.id("query-save"));
        browser.awaitText(queryRow(id), "Transcriptions this month");
        browser.awaitText(By.id("query-form-title"), "New saved query");
        assertThat(browser.driver().findElement(queryRow(id)).getText()).contains("This month");

        Map<String, Object> changed = api.get("/api/v1/queries/" + id, analyst).map();
        assertThat(changed).containsEntry("name", "Transcriptions this month").containsEntry("version", 2)
                .containsEntry("description", "For the Monday meeting").containsEntry("visibility", "private")
                .containsEntry("query", Map.of("metrics", List.of("transcriptions"), "period", "this_month", "bucket", "week",
                        "compare", "previous", "limit", "{{top}}"))
                .containsEntry("params", List.of(Map.of("name", "top", "type", "number", "default", 5, "required", false, "allowed", List.of())));

        press(By.cssSelector("#queries tr[data-query='" + id + "'] [data-action='delete']"));
        assertThat(browser.await(By.id("confirm-query-" + id)).getText()).contains("Delete the saved query “Transcriptions this month”?");
        press(confirmation("confirm-delete"));
        browser.await(toast("success", "Deleted the query “Transcriptions this month”."));
        browser.awaitGone(queryRow(id));
        assertThat(api.get("/api/v1/queries/" + id, analyst).status()).isEqualTo(404);
    }

    @Test
    void aViewerGetsNoEditOrDeleteOnMetricsNorOnAnotherUsersSharedQueryButOnTheirOwn() {
        defineMetric(MINUTES_EACH);
        String shared = saveQuery(otherUser("analyst"), Map.of("name", "Shared by someone else", "visibility", "tenant",
                "query", Map.of("metrics", List.of("transcriptions"), "days", 30)));
        String viewer = Tokens.user(tenant, "viewer");
        String own = saveQuery(viewer, Map.of("name", "My own", "query", Map.of("metrics", List.of("minutes_each"), "days", 7)));
        signIn(viewer);
        openMetrics();

        assertThat(browser.driver().findElements(metricRow("minutes_each"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("#metrics-table button"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("metric-form"))).isEmpty();
        assertThat(browser.driver().findElement(queryRow(shared)).findElements(By.tagName("button"))).extracting(WebElement::getText)
                .containsExactly("Run");
        assertThat(browser.driver().findElement(queryRow(own)).findElements(By.tagName("button"))).extracting(WebElement::getText)
                .containsExactly("Run", "Edit", "Delete");
        // the API agrees: the viewer may not change the shared query
        assertThat(api.delete("/api/v1/queries/" + shared, viewer).status()).isEqualTo(403);
    }

    @Test
    void theEditFormsAndAConfirmationHaveNoSeriousAccessibilityViolations() throws Exception {
        defineMetric(MINUTES_EACH);
        String lastMonth = YearMonth.from(TestClock.now().atZone(ZoneOffset.UTC)).minusMonths(1).toString();
        String id = saveQuery(manager(), Map.of("name", "Minutes each, weekly", "visibility", "tenant",
                "query", Map.of("metrics", List.of("minutes_each", "transcriptions"), "month", lastMonth, "bucket", "week", "group_by", List.of("@weekday"))));
        signIn(manager());
        openMetrics();
        press(By.cssSelector("#metrics-table tr[data-metric='minutes_each'] [data-action='edit']"));
        browser.awaitText(By.id("metric-form-title"), "Edit metric minutes_each");
        press(By.cssSelector("#queries tr[data-query='" + id + "'] [data-action='edit']"));
        browser.awaitText(By.id("query-form-title"), "Edit saved query");
        // a month is not among the form's periods: it shows as saved, and stays unless another period is chosen
        assertThat(value("query-period")).isEqualTo("saved");
        assertThat(new Select(browser.driver().findElement(By.id("query-period"))).getFirstSelectedOption().getText()).isEqualTo("As saved: " + lastMonth);
        press(By.cssSelector("#queries tr[data-query='" + id + "'] [data-action='delete']"));
        browser.await(By.id("confirm-query-" + id));

        assertThat(new Select(browser.driver().findElement(By.id("query-metrics"))).getAllSelectedOptions())
                .extracting(option -> option.getDomProperty("value")).containsExactlyInAnyOrder("minutes_each", "transcriptions");
        assertThat(browser.driver().findElement(By.id("query-metrics-help")).getText()).startsWith("Chosen: transcriptions, minutes_each.");
        // the catalogue's own metrics, with their buttons, in the screenshots' view
        type("metric-filter", "minutes");

        assertThat(browser.seriousAccessibilityViolations()).as("metrics page with its edit forms").isEmpty();
        screenshots("metrics-edit");
    }
}
