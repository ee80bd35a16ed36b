package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What the console's browser tests start from: the test's server and tenant ({@link ApiTestSupport}) and one headless
 * Chromium per test class ({@link Browser}), signed out at the start of every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleTestSupport extends ApiTestSupport {

    Browser browser;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = new Browser(json);
        }
        browser.reset();
        browser.requests(); // what the browser fetched for itself before the test (its new-tab page) is not the console's
        // session storage outlives a visit to another page in the same tab: each test starts signed out
        browser.open(console());
        browser.script("sessionStorage.clear()");
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    URI console() {
        return server.getURI().resolve("/console");
    }

    /** Signs in through the form with this token and waits for the customers list. */
    void signIn(String token) {
        browser.open(console());
        browser.await(By.id("token")).sendKeys(token);
        browser.driver().findElement(By.id("sign-in")).click();
        browser.await(By.id("customers"));
    }

    /**
     * The browser tests' usage of one customer, on the test clock: 3 transcriptions 2 days ago (10, 20 and 30 minutes,
     * the last failed) and 5 of 5 minutes 20 days ago (8 transcriptions and 85 minutes in 30 days; 3, 60 and 1 failed in
     * 7); with {@code calls}, also 4 calls a day ago (3 completed; agents ana and ben; 60 s and 0.25 EUR each).
     */
    void sendUsage(String customer, boolean calls) {
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(Events.event("t-recent-" + i, "speech", "transcription", customer, now.minus(2, ChronoUnit.DAYS).plusSeconds(i).toString(),
                    Map.of("status", i == 2 ? "failed" : "completed", "minutes", new BigDecimal(10 * (i + 1)))));
        }
        for (int i = 0; i < 5; i++) {
            events.add(Events.event("t-old-" + i, "speech", "transcription", customer, now.minus(20, ChronoUnit.DAYS).plusSeconds(i).toString(),
                    Map.of("status", "completed", "minutes", new BigDecimal(5))));
        }
        for (int i = 0; calls && i < 4; i++) {
            events.add(Events.event("c-" + i, "calls", "call", customer, now.minus(1, ChronoUnit.DAYS).plusSeconds(i).toString(),
                    Map.of("outcome", i == 3 ? "failed" : "completed", "agent", i % 2 == 0 ? "ana" : "ben", "duration_s", 60, "cost", 0.25, "currency", "EUR")));
        }
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), events);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** Opens a page from the navigation by its link's text and waits for its heading and its data. */
    void openPage(String nav) {
        browser.driver().findElement(By.cssSelector("nav[aria-label='Pages']")).findElement(By.linkText(nav)).click();
        browser.awaitText(By.tagName("h1"), nav);
        browser.awaitLoaded();
    }

    /** Presses a button with the keyboard (a toast in the corner cannot be in its way, as it can be for a click). */
    void press(By locator) {
        browser.await(locator).sendKeys(Keys.ENTER);
    }

    void type(String id, String text) {
        WebElement field = browser.await(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    void choose(String id, String value) {
        new Select(browser.await(By.id(id))).selectByValue(value);
    }

    /** A control's current value. */
    String value(String id) {
        return browser.await(By.id(id)).getDomProperty("value");
    }

    By toast(String kind, String text) {
        return By.xpath("//div[contains(@class, 'toast') and contains(@class, '" + kind + "')][contains(., '" + text + "')]");
    }

    /** The data-action of the focused element: "cancel-delete" is the Delete confirmation's "No, keep it". */
    String activeAction() {
        return browser.driver().switchTo().activeElement().getDomAttribute("data-action");
    }

    /** A button of the open Delete confirmation: "confirm-delete" (Yes, delete) or "cancel-delete" (No, keep it). */
    By confirmation(String action) {
        return By.cssSelector(".confirm button[data-action='" + action + "']");
    }

    /** Screenshots at 1280 and 375 px, scrolled to the top, without the toasts that would cover the page's bottom corner. */
    void screenshots(String name) throws Exception {
        browser.script("document.querySelectorAll('.toast').forEach(toast => toast.remove()); window.scrollTo(0, 0)");
        browser.screenshot(name, 1280);
        browser.screenshot(name + "-375", 375);
    }
}
