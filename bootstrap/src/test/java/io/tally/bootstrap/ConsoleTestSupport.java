package io.tally.bootstrap;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

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
}
