package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's dashboards in Debian's headless Chromium ({@link Browser}), against the test's own server and tenant:
 * the list, a default dashboard with real figures, a widget added from a metric, dragged, moved by its position fields, saved
 * and still there after a reload (and in the API's definition), the restore of the default after its confirmation, an
 * analyst refused a shared dashboard's change with the API's reason, who then changes a copy of it, and axe-core's check. Screenshots go to
 * target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleDashboardsIT extends ConsoleTestSupport {

    /**
     * One customer with 8 transcriptions in the last 30 days (3 of them 2 days ago) and 4 calls a day ago, 3 of them
     * completed, by the agents ana and ben.
     */
    private void seed() {
        String customers = Tokens.service(tenant, "customers:write");
        assertThat(api.put("/internal/v1/customers/dash-acme", customers,
                api.json(Map.of("display_name", "Dash Acme GmbH", "timezone", "UTC", "country", "DE"))).status()).isIn(200, 201);
        sendUsage("dash-acme", true);
    }

    /** Opens a dashboard from the list and waits for its widgets' figures. */
    private String openDashboard(String name) {
        browser.await(By.linkText("Dashboards")).click();
        browser.await(By.id("dashboards"));
        browser.awaitLoaded();
        browser.await(By.linkText(name)).click();
        browser.await(By.cssSelector("[data-widget='calls'] .value"));
        browser.awaitLoaded();
        String url = browser.driver().getCurrentUrl();
        return url.substring(url.indexOf("#/dashboards/") + "#/dashboards/".length());
    }

    private String widgetValue(String id) {
        return browser.await(By.cssSelector("[data-widget='" + id + "'] .value")).getText();
    }

    private void awaitPresent(By locator) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    @Test
    void aManagerAddsAWidgetFromAMetricSavesItKeepsItAfterAReloadAndRestoresTheDefault() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "manager"));
        browser.await(By.linkText("Dashboards")).click();
        browser.await(By.id("dashboards"));
        browser.awaitLoaded();
        assertThat(browser.driver().findElements(By.cssSelector("#dashboards tbody tr"))).extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).contains("Overview").contains("shared").contains("tally").contains("Default"))
                .anySatisfy(row -> assertThat(row).contains("Performance"))
                .anySatisfy(row -> assertThat(row).contains("Growth"));
        browser.screenshot("dashboards", 1280);

        String id = openDashboard("Performance");
        // the whole tenant over the last 30 days (the filters' defaults): 4 calls, 3 completed
        assertThat(widgetValue("calls")).isEqualTo("4");
        assertThat(widgetValue("completed-calls")).isEqualTo("3");
        assertThat(widgetValue("success-rate")).isEqualTo("75.0%");
        assertThat(browser.driver().findElements(By.cssSelector("[data-widget='agents'] tbody tr"))).hasSize(2);
        assertThat(browser.driver().findElement(By.cssSelector("[data-widget='calls-by-outcome']")).getText()).contains("completed").contains("failed");
        assertThat(browser.driver().findElement(By.id("filter-period")).getTagName()).isEqualTo("select");
        browser.await(By.cssSelector("select#filter-customer"));
        assertThat(browser.seriousAccessibilityViolations()).as("dashboard page").isEmpty();
        browser.screenshot("dashboard", 1280);
        browser.screenshot("dashboard-375", 375);

        // the customer filter answers for the one customer: the same 4 calls
        new Select(browser.driver().findElement(By.id("filter-customer"))).selectByValue("dash-acme");
        browser.awaitLoaded();
        assertThat(widgetValue("calls")).isEqualTo("4");

        browser.driver().findElement(By.id("edit-dashboard")).click();
        browser.await(By.id("edit-grid"));
        assertThat(browser.driver().findElements(By.cssSelector("#edit-grid .edit-tile"))).hasSize(9);
        browser.driver().findElement(By.id("new-title")).sendKeys("Transcriptions");
        awaitPresent(By.cssSelector("#new-metric option[value='transcriptions']"));
        new Select(browser.driver().findElement(By.id("new-metric"))).selectByValue("transcriptions");
        browser.driver().findElement(By.id("add-widget-button")).click();
        browser.await(By.cssSelector("#edit-grid .edit-tile[data-widget='transcriptions']"));
        // dragged by its top left corner to column 6, row 16 (the editor's rows are 48 px with gaps of 8 px)
        browser.script("""
                const board = document.getElementById('edit-grid');
                const tile = board.querySelector("[data-widget='transcriptions']");
                const from = tile.getBoundingClientRect();
                const grid = board.getBoundingClientRect();
                const column = (grid.width - 11 * 8) / 12;
                const data = new DataTransfer();
                const fire = (type, target, x, y) => target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data, clientX: x, clientY: y}));
                const x = grid.left + 6 * (column + 8) + 4, y = grid.top + 16 * (48 + 8) + 4;
                fire('dragstart', tile, from.left + 4, from.top + 4);
                fire('dragover', board, x, y);
                fire('drop', board, x, y);
                fire('dragend', tile, x, y);""");
        assertThat(browser.driver().findElement(By.id("pos-transcriptions-x")).getDomProperty("value")).isEqualTo("6");
        assertThat(browser.driver().findElement(By.id("pos-transcriptions-y")).getDomProperty("value")).isEqualTo("16");
        WebElement x = browser.driver().findElement(By.id("pos-transcriptions-x"));
        x.clear();
        x.sendKeys("3", Keys.TAB);
        browser.awaitText(By.cssSelector("#edit-grid .edit-tile[data-widget='transcriptions']"), "x 3");
        assertThat(browser.seriousAccessibilityViolations()).as("dashboard editor").isEmpty();
        browser.screenshot("dashboard-edit", 1280);
        browser.driver().findElement(By.id("save-dashboard")).click();
        assertThat(widgetValue("transcriptions")).isEqualTo("8");

        browser.driver().navigate().refresh();
        browser.await(By.cssSelector("[data-widget='calls'] .value"));
        browser.awaitLoaded();
        assertThat(widgetValue("transcriptions")).isEqualTo("8");
        Map<String, Object> saved = api.get("/api/v1/dashboards/" + id, Tokens.user(tenant, "viewer")).map();
        assertThat(saved.get("version")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> widgets = (List<Map<String, Object>>) saved.get("widgets");
        assertThat(widgets).filteredOn(widget -> "transcriptions".equals(widget.get("id"))).singleElement().satisfies(widget -> {
            assertThat(widget.get("type")).isEqualTo("metric_card");
            assertThat(widget.get("query")).isEqualTo(Map.of("metric", "transcriptions", "customer", "{{filters.customer}}", "period", "{{filters.period}}"));
            assertThat(widget.get("position")).isEqualTo(Map.of("x", 3, "y", 16, "w", 3, "h", 2));
        });

        // the question starts on Cancel; Escape closes it and gives the focus back; then the restore itself
        browser.driver().findElement(By.id("restore-dashboard")).click();
        browser.await(By.id("confirm-restore"));
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("cancel-restore");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.awaitGone(By.id("confirm-restore"));
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("restore-dashboard");
        browser.driver().findElement(By.id("restore-dashboard")).click();
        browser.await(By.id("confirm-restore")).click();
        browser.await(By.cssSelector(".toast.success"));
        browser.awaitGone(By.cssSelector("[data-widget='transcriptions']"));
        assertThat(api.get("/api/v1/dashboards/" + id, Tokens.user(tenant, "viewer")).map().get("version")).isEqualTo(3);
    }

    @Test
    void anAnalystSeesTheApisReasonForNotChangingASharedDashboardAndChangesACopy() {
        seed();
        signIn(Tokens.user(tenant, "analyst"));
        openDashboard("Performance");
        assertThat(browser.driver().findElements(By.id("restore-dashboard"))).isEmpty();
        browser.driver().findElement(By.id("edit-dashboard")).click();
        browser.await(By.cssSelector(".remove-widget[aria-label='Remove Agents']")).click();
        browser.driver().findElement(By.id("save-dashboard")).click();
        browser.awaitText(By.cssSelector(".toast.error"), "Not saved");
        assertThat(browser.driver().findElement(By.cssSelector(".toast.error")).getText()).contains("manager");
        // still in the editor, nothing saved
        assertThat(browser.driver().findElements(By.id("edit-grid"))).hasSize(1);

        // a copy is the analyst's own, which the analyst may change
        browser.driver().findElement(By.id("cancel-edit")).click();
        browser.await(By.id("copy-dashboard")).click();
        browser.awaitText(By.tagName("h1"), "Performance (copy)");
        browser.await(By.cssSelector("[data-widget='calls'] .value"));
        browser.awaitLoaded();
        // by keyboard this time (the toast of the copy sits over the corner of the page for a few seconds)
        browser.driver().findElement(By.id("edit-dashboard")).sendKeys(Keys.ENTER);
        browser.await(By.cssSelector(".remove-widget[aria-label='Remove Agents']")).sendKeys(Keys.ENTER);
        browser.driver().findElement(By.id("save-dashboard")).sendKeys(Keys.ENTER);
        browser.await(By.cssSelector("[data-widget='calls'] .value"));
        browser.awaitLoaded();
        assertThat(browser.driver().findElements(By.cssSelector("[data-widget='agents']"))).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector(".badge.private")).getText()).isEqualTo("private");
    }

    /**
     * A line widget of calls and success rate gets one chart per unit, each captioned with its unit; a bar widget of calls
     * by outcome (a day ago: 3 completed, 1 failed) draws the two series' bars side by side: read from the canvas, the
     * columns painted in the first series' colour and those in the second's do not overlap.
     */
    @Test
    void seriesOfDifferentUnitsGetAChartEachAndBarsOfSeveralSeriesStandSideBySide() throws Exception {
        seed();
        String analyst = Tokens.user(tenant, "analyst");
        Map<String, Object> filters = Map.of("customer", "{{filters.customer}}", "period", "{{filters.period}}");
        Map<String, Object> mixed = new java.util.HashMap<>(filters);
        mixed.put("metrics", List.of("calls", "success_rate"));
        Map<String, Object> byOutcome = new java.util.HashMap<>(filters);
        byOutcome.putAll(Map.of("metric", "calls", "group_by", List.of("outcome")));
        Map<String, Object> calls = new java.util.HashMap<>(filters);
        calls.put("metric", "calls");
        Api.Reply created = api.post("/api/v1/dashboards", analyst, "application/json", api.json(Map.of(
                "name", "Units", "visibility", "private",
                "filters", List.of(Map.of("name", "customer", "type", "customer", "default", "dash-acme"),
                        Map.of("name", "period", "type", "period", "default", "last_7_days")),
                "widgets", List.of(
                        Map.of("id", "calls", "title", "Calls", "type", "metric_card", "position", Map.of("x", 0, "y", 0, "w", 3, "h", 2), "query", calls),
                        Map.of("id", "mixed", "title", "Calls and success rate per day", "type", "line",
                                "position", Map.of("x", 0, "y", 2, "w", 12, "h", 4), "query", mixed),
                        Map.of("id", "by-outcome", "title", "Calls by outcome per day", "type", "bar",
                                "position", Map.of("x", 0, "y", 6, "w", 12, "h", 4), "query", byOutcome)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        signIn(analyst);
        browser.open(console().resolve("/console#/dashboards/" + created.map().get("id")));
        browser.await(By.cssSelector("[data-widget='calls'] .value"));
        browser.awaitLoaded();
        awaitPresent(By.cssSelector("[data-widget='by-outcome'] canvas"));

        List<WebElement> captions = browser.driver().findElements(By.cssSelector("[data-widget='mixed'] figure.unit-chart figcaption"));
        assertThat(captions).extracting(WebElement::getText).containsExactly("Calls (count)", "Success rate (%)");
        assertThat(browser.driver().findElements(By.cssSelector("[data-widget='mixed'] figure.unit-chart canvas"))).hasSize(2);
        assertThat(browser.driver().findElements(By.cssSelector("[data-widget='by-outcome'] figure.unit-chart"))).isEmpty();
        // the x range of each of the two bar colours (#5b21b6 and #0f766e at 80 %) on the bar chart's canvas
        @SuppressWarnings("unchecked")
        List<Number> ranges = (List<Number>) browser.script("""
                const canvas = document.querySelector("[data-widget='by-outcome'] canvas");
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                const colours = [[91, 33, 182], [15, 118, 110]];
                const ranges = colours.map(() => [Infinity, -Infinity]);
                for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) {
                  const at = 4 * (y * canvas.width + x);
                  if (pixels[at + 3] < 150) continue;
                  colours.forEach((rgb, i) => {
                    if (rgb.every((value, c) => Math.abs(pixels[at + c] - value) <= 6)) {
                      ranges[i][0] = Math.min(ranges[i][0], x);
                      ranges[i][1] = Math.max(ranges[i][1], x);
                    }
                  });
                }
                return ranges.flat().map(x => Number.isFinite(x) ? x : -1);""");
        assertThat(ranges).hasSize(4);
        assertThat(ranges.get(0).intValue()).as("the first series' bars are to be seen").isNotNegative();
        assertThat(ranges.get(2).intValue()).as("the second series' bars are to be seen").isNotNegative();
        assertThat(ranges.get(1).intValue()).as("the first series' bar ends before the second's begins").isLessThan(ranges.get(2).intValue());
        assertThat(browser.seriousAccessibilityViolations()).as("dashboard with per-unit charts").isEmpty();
    }
}
