package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The web console in Debian's headless Chromium ({@link Browser}), against the test's own server and tenant: sign-in,
 * customers, a customer's page with its period picker and exports, what a viewer and a customer-scoped token see, a
 * refused token, the requests the page makes, and axe-core's check. Screenshots go to target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleIT extends ConsoleTestSupport {

    /**
     * Two customers; console-acme has 3 transcriptions 2 days ago (10, 20, 30 minutes, one failed) and 5 of 5 minutes 20
     * days ago, 4 calls a day ago (3 completed), and the plan "team" whose limit is 100 transcriptions a month.
     */
    private void seed() {
        String customers = Tokens.service(tenant, "customers:write");
        Api.Reply plan = api.post("/api/v1/plans", Tokens.user(tenant, "manager"), "application/json", api.json(Map.of("key", "team", "name", "Team",
                "limits", List.of(Map.of("meter", "transcriptions", "amount", 100, "period", "calendar_month", "enforcement", "soft")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        assertThat(api.put("/internal/v1/customers/console-acme", customers,
                api.json(Map.of("display_name", "Console Acme GmbH", "timezone", "UTC", "country", "DE", "plan", "team"))).status()).isIn(200, 201);
        assertThat(api.put("/internal/v1/customers/console-globex", customers, api.json(Map.of("display_name", "Globex"))).status()).isIn(200, 201);
        sendUsage("console-acme", true);
    }

    private String figure(String key) {
        return browser.await(By.cssSelector("[data-figure='" + key + "'] .value")).getText();
    }

    private void openCustomer(String name) {
        browser.await(By.linkText(name)).click();
        browser.await(By.cssSelector("[data-figure='transcriptions'] .value"));
        browser.awaitLoaded();
    }

    @Test
    void anAnalystSignsInOpensACustomerSwitchesTo7DaysAndExportsCsvAndPdf() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "analyst"));
        assertThat(browser.driver().findElements(By.cssSelector("#customers tbody tr"))).hasSize(2);
        browser.screenshot("customers", 1280);

        openCustomer("Console Acme GmbH");
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Console Acme GmbH");
        // 30 days (the default): 8 transcriptions, 85 minutes
        assertThat(figure("transcriptions")).isEqualTo("8");
        assertThat(figure("transcription_minutes")).isEqualTo("85");
        // the limit counts the calendar month (UTC, the customer's timezone) that holds now
        Instant monthStart = TestClock.now().atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant now = TestClock.now();
        long used = 3 * (now.minus(2, ChronoUnit.DAYS).isBefore(monthStart) ? 0 : 1) + 5 * (now.minus(20, ChronoUnit.DAYS).isBefore(monthStart) ? 0 : 1);
        assertThat(browser.driver().findElement(By.cssSelector("#limits .limit-head")).getText()).contains("Transcriptions").contains(used + " of 100");
        assertThat(browser.driver().findElements(By.cssSelector("#agents tbody tr"))).hasSize(2);
        browser.screenshot("customer", 1280);

        browser.driver().findElement(By.cssSelector(".segment[data-days='7']")).click();
        browser.awaitText(By.cssSelector("[data-figure='transcriptions'] .value"), "3");
        browser.awaitLoaded();
        assertThat(figure("transcriptions")).isEqualTo("3");
        assertThat(figure("transcription_minutes")).isEqualTo("60");
        assertThat(figure("failed_transcriptions")).isEqualTo("1");

        browser.driver().findElement(By.id("export-csv")).click();
        Path csv = browser.awaitDownload(".csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).contains("Transcriptions,3,count,0,", "Failed transcriptions,1,count,0,", "Transcription minutes,60,number,0,");
        assertThat(lines.get(1)).isEqualTo("Subject,Console Acme GmbH");
        browser.await(By.cssSelector(".toast.success"));
        assertThat(browser.driver().findElement(By.id("export-csv")).isEnabled()).isTrue();

        browser.driver().findElement(By.id("export-pdf")).click();
        Path pdf = browser.awaitDownload(".pdf");
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        // the raw events go through the async export API: a job, its progress, then its file: the 7 days' 3 transcriptions
        // and 4 calls, and the two exports just made (Tally records each as an export.generated event of the customer)
        browser.driver().findElement(By.id("export-events")).click();
        Path events = browser.awaitDownload("usage-history", ".csv");
        List<String> rows = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(rows.getFirst()).startsWith("occurred_at (UTC),type,source,id");
        List<String> data = rows.subList(1, rows.size());
        assertThat(data).hasSize(9);
        assertThat(data).filteredOn(row -> row.contains(",transcription,")).hasSize(3);
        assertThat(data).filteredOn(row -> row.contains(",call,")).hasSize(4);
        assertThat(data).filteredOn(row -> row.contains(",export.generated,")).hasSize(2);
        browser.awaitText(By.id("events-export-progress"), "9 events");
        browser.screenshot("customer-375", 375);
    }

    @Test
    void thePageCallsNothingButTheServiceAndHasNoSeriousAccessibilityViolations() throws Exception {
        seed();
        signIn(Tokens.user(tenant, "analyst"));
        assertThat(browser.seriousAccessibilityViolations()).as("customers page").isEmpty();
        openCustomer("Console Acme GmbH");
        assertThat(browser.seriousAccessibilityViolations()).as("customer page").isEmpty();

        String origin = server.getURI().resolve("/").toString();
        // chrome:// pages are the browser's own (its new-tab page, loaded at start): nothing goes over the network for them
        List<String> requests = browser.requests().stream().filter(url -> !url.startsWith("chrome://")).toList();
        assertThat(requests).anySatisfy(url -> assertThat(url).contains("/api/v1/customers/console-acme/usage/summary"))
                .anySatisfy(url -> assertThat(url).contains("/console/assets/"))
                .allSatisfy(url -> assertThat(url).satisfiesAnyOf(u -> assertThat(u).startsWith(origin), u -> assertThat(u).startsWith("data:"),
                        u -> assertThat(u).startsWith("blob:" + origin.substring(0, origin.length() - 1)), u -> assertThat(u).isEqualTo("about:blank")));
        // the API calls are all under /api/v1
        assertThat(requests.stream().filter(url -> url.startsWith(origin) && !url.contains("/console"))).allSatisfy(url ->
                assertThat(URI.create(url).getPath()).startsWith("/api/v1/"));
    }

    @Test
    void aViewerSeesTheFiguresButNoExportButton() {
        seed();
        signIn(Tokens.user(tenant, "viewer"));
        openCustomer("Console Acme GmbH");
        assertThat(figure("transcriptions")).isEqualTo("8");
        assertThat(browser.driver().findElements(By.id("export-csv"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("export-pdf"))).isEmpty();
    }

    @Test
    void aCustomerScopedTokenSeesOnlyItsCustomerAndCannotOpenAnother() {
        seed();
        signIn(Tokens.customerUser(tenant, List.of("console-acme"), "viewer"));
        assertThat(browser.driver().findElements(By.cssSelector("#customers tbody tr"))).hasSize(1);
        browser.open(console().resolve("/console#/customers/console-globex"));
        browser.awaitText(By.tagName("h1"), "Customer not found");
        assertThat(browser.driver().findElement(By.cssSelector(".state.error")).getText()).contains("console-globex").contains("not found");
        // its own customer's exports are allowed to it
        browser.open(console().resolve("/console#/customers/console-acme"));
        browser.await(By.id("export-csv"));
    }

    @Test
    void aRefusedTokenReturnsToSignInWithTheReason() {
        browser.open(console());
        browser.await(By.id("token"));
        browser.script("sessionStorage.setItem('tally.console.token', arguments[0])", Tokens.user("another-" + tenant, "viewer").replace('a', 'b'));
        browser.open(console().resolve("/console#/customers"));
        browser.await(By.id("token"));
        browser.awaitText(By.id("signin-error"), "refused");
        assertThat(browser.script("return sessionStorage.getItem('tally.console.token')")).isNull();
    }

    @Test
    void underAPathPrefixBehindAReverseProxyThePageLoadsItsFilesAndCallsTheApiUnderThePrefix() throws Exception {
        seed();
        Map<String, Object> properties = Map.of("micronaut.server.port", -1, "tally.public.base-path", "/tally");
        try (ApplicationContext node = ApplicationContext.run(properties, "test")) {
            EmbeddedServer nodeServer = node.getBean(EmbeddedServer.class).start();
            try (PrefixProxy proxy = new PrefixProxy("/tally", nodeServer.getURI())) {
                browser.requests();
                browser.open(proxy.uri("/tally/console#token=" + Tokens.user(tenant, "analyst")));
                browser.await(By.id("customers"));
                openCustomer("Console Acme GmbH");
                assertThat(figure("transcriptions")).isEqualTo("8");
                String prefixed = proxy.uri("/tally/").toString();
                List<String> requests = browser.requests().stream().filter(url -> !url.startsWith("chrome://") && !url.startsWith("data:")).toList();
                assertThat(requests).anySatisfy(url -> assertThat(url).startsWith(prefixed + "console/assets/"))
                        .anySatisfy(url -> assertThat(url).startsWith(prefixed + "api/v1/customers/console-acme/usage/summary"))
                        .allSatisfy(url -> assertThat(url).startsWith(prefixed));
            }
        }
    }

    @Test
    void theLinkThatCarriesATokenInItsFragmentSignsInAndDropsIt() {
        seed();
        browser.open(URI.create(console() + "/#token=" + Tokens.user(tenant, "analyst")));
        browser.await(By.id("customers"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/customers").doesNotContain("token=");
    }
}
