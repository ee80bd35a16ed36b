package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's Admin page (usage reset with its dry run and confirmation, the audit log, privacy requests) and
 * Billing page (MRR per month, movements, revenue) in Debian's headless Chromium ({@link Browser}), against the test's
 * own server and tenant; who sees their links, and axe-core's check of both. Screenshots go to target/console-screenshots.
 */
@MicronautTest(transactional = false)
class ConsoleAdminIT extends ConsoleTestSupport {

    private String text(String css) {
        return browser.await(By.cssSelector(css)).getText().replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** The plan "team" limits transcriptions; reset-a and reset-b are on it, reset-c has no plan. */
    private void seedResetCustomers() {
        Api.Reply plan = api.post("/api/v1/plans", Tokens.user(tenant, "manager"), "application/json", api.json(Map.of("key", "team", "name", "Team",
                "limits", List.of(Map.of("meter", "transcriptions", "amount", 100, "period", "calendar_month", "enforcement", "soft")))));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        String customers = Tokens.service(tenant, "customers:write");
        for (String id : List.of("reset-a", "reset-b")) {
            assertThat(api.put("/internal/v1/customers/" + id, customers, api.json(Map.of("display_name", id, "plan", "team"))).status()).isIn(200, 201);
        }
        assertThat(api.put("/internal/v1/customers/reset-c", customers, api.json(Map.of("display_name", "reset-c"))).status()).isIn(200, 201);
    }

    @Test
    void anAdminRunsAResetDryRunSeesItsCountsConfirmsItAndSeesItInTheHistoryAndTheAuditLog() throws Exception {
        seedResetCustomers();
        signIn(Tokens.user(tenant, "admin"));
        browser.await(By.linkText("Admin")).click();
        browser.await(By.cssSelector("#reset-meters input[value='transcriptions']"));
        browser.awaitLoaded();
        assertThat(browser.driver().findElement(By.cssSelector("#reset-history")).getText()).contains("No usage resets yet.");

        browser.driver().findElement(By.id("reset-by-ids")).click();
        browser.driver().findElement(By.id("reset-ids")).sendKeys("reset-a, reset-b\nreset-c ghost reset-a");
        browser.driver().findElement(By.id("reset-reason")).sendKeys("outage of the transcription service");
        browser.driver().findElement(By.id("reset-dry-run")).click();

        // four distinct ids: two on a plan limiting transcriptions, one without a plan, one unknown
        browser.await(By.id("dry-run-counts"));
        assertThat(text("#dry-run-counts [data-count='reset'] dd")).isEqualTo("2");
        assertThat(text("#dry-run-counts [data-count='not_found'] dd")).isEqualTo("1");
        assertThat(text("#dry-run-counts [data-count='skipped'] dd")).isEqualTo("1");
        assertThat(resets()).as("a dry run records nothing").isEmpty();

        browser.driver().findElement(By.id("confirm-reset")).click();
        browser.await(By.id("reset-counts"));
        assertThat(text("#reset-counts [data-count='reset'] dd")).isEqualTo("2");
        assertThat(text("#reset-counts [data-count='not_found'] dd")).isEqualTo("1");
        assertThat(text("#reset-counts [data-count='skipped'] dd")).isEqualTo("1");
        assertThat(resets()).hasSize(1);

        browser.await(By.cssSelector("#resets tbody tr"));
        browser.awaitLoaded();
        List<WebElement> history = browser.driver().findElements(By.cssSelector("#resets tbody tr"));
        assertThat(history).hasSize(1);
        assertThat(history.getFirst().getText()).contains("4 customer ids").contains("transcriptions").contains("outage of the transcription service");
        browser.await(By.cssSelector("#audit tbody tr"));
        assertThat(browser.driver().findElement(By.id("audit")).getText()).contains("usage.reset");

        // the audit log's filter: an action nobody did
        browser.driver().findElement(By.id("audit-action")).sendKeys("no.such.action");
        browser.driver().findElement(By.id("audit-apply")).click();
        browser.awaitText(By.id("audit-results"), "No audit entries match these filters.");

        assertOnlyApiCalls();
        assertThat(browser.seriousAccessibilityViolations()).as("admin page").isEmpty();
        browser.script("window.scrollTo(0, 0)");
        browser.screenshot("admin", 1280);
        browser.screenshot("admin-375", 375);
    }

    /** The page fetched nothing but the console's own files and /api/v1 calls of the test's server. */
    private void assertOnlyApiCalls() {
        String origin = server.getURI().resolve("/").toString();
        List<String> requests = browser.requests().stream().filter(url -> !url.startsWith("chrome://") && !url.startsWith("data:")
                && !url.equals("about:blank")).toList();
        assertThat(requests).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(origin));
        assertThat(requests.stream().filter(url -> !url.contains("/console"))).isNotEmpty().allSatisfy(url ->
                assertThat(URI.create(url).getPath()).startsWith("/api/v1/"));
    }

    private List<?> resets() {
        Api.Reply reply = api.get("/api/v1/admin/usage-resets", Tokens.user(tenant, "admin"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return (List<?>) reply.map().get("items");
    }

    @Test
    void anAdminRecordsAnAccessRequestAndAnErasureWaitsForItsConfirmation() {
        seedResetCustomers();
        signIn(Tokens.user(tenant, "admin"));
        browser.open(console().resolve("/console#/admin"));
        browser.awaitText(By.id("privacy-results"), "No privacy requests yet.");

        browser.driver().findElement(By.id("privacy-customer")).sendKeys("reset-c");
        new Select(browser.driver().findElement(By.id("privacy-type"))).selectByValue("erasure");
        browser.driver().findElement(By.id("privacy-submit")).click();
        browser.await(By.id("privacy-confirm-erasure"));
        assertThat(requests()).as("nothing is sent before the confirmation").isEmpty();
        browser.driver().findElement(By.xpath("//div[@id='privacy-confirm']//button[text()='Cancel']")).click();
        browser.awaitGone(By.id("privacy-confirm-erasure"));

        new Select(browser.driver().findElement(By.id("privacy-type"))).selectByValue("access");
        browser.driver().findElement(By.id("privacy-note")).sendKeys("asked by e-mail");
        browser.driver().findElement(By.id("privacy-submit")).click();
        browser.await(By.cssSelector("#privacy-requests tbody tr"));
        assertThat(browser.driver().findElement(By.cssSelector("#privacy-requests tbody tr")).getText()).contains("reset-c").contains("Access");
        assertThat(requests()).hasSize(1);
    }

    private List<?> requests() {
        Api.Reply reply = api.get("/api/v1/privacy/requests", Tokens.user(tenant, "admin"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return (List<?>) reply.map().get("items");
    }

    @Test
    void aViewerSeesNeitherAdminNorBillingAndAnAnalystSeesBillingOnly() {
        seedResetCustomers();
        signIn(Tokens.user(tenant, "viewer"));
        assertThat(browser.driver().findElements(By.linkText("Admin"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Billing"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Customers"))).hasSize(1);

        browser.reset();
        browser.open(console());
        browser.script("sessionStorage.clear()");
        signIn(Tokens.user(tenant, "analyst"));
        assertThat(browser.driver().findElements(By.linkText("Admin"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Billing"))).hasSize(1);
    }

    /**
     * A tenant in de-DE with EUR; one yearly subscription of 2 seats at 1,499.40 EUR each, started 40 days ago: MRR
     * 2 × 1,499.40 / 12 = 249.90 EUR; one payment of 2,998.80 EUR 10 days ago, 98.80 EUR of it refunded 5 days ago.
     */
    @Test
    void theBillingPageShowsTheMrrOfASubscriptionAndTheRevenueInTheTenantsLocale() throws Exception {
        Api.Reply settings = api.put("/api/v1/tenant/settings", Tokens.user(tenant, "owner"),
                "{\"timezone\": \"UTC\", \"currency\": \"EUR\", \"locale\": \"de-DE\"}");
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        String billing = Tokens.service(tenant, "billing:write");
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("customer", "bill-a");
        version.put("plan", "team-yearly");
        version.put("status", "active");
        version.put("price", Map.of("amount", "1499.40", "currency", "EUR"));
        version.put("interval", "year");
        version.put("quantity", 2);
        version.put("started_at", now.minus(40, ChronoUnit.DAYS).toString());
        version.put("effective_at", now.minus(40, ChronoUnit.DAYS).toString());
        Api.Reply subscription = api.put("/internal/v1/subscriptions/sub-a", billing, api.json(version));
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(201);
        Api.Reply payment = api.post("/internal/v1/payments", billing, "application/json", api.json(Map.of("id", "pay-a", "customer", "bill-a",
                "amount", Map.of("amount", "2998.80", "currency", "EUR"), "status", "succeeded", "paid_at", now.minus(10, ChronoUnit.DAYS).toString(),
                "refunds", List.of(Map.of("amount", Map.of("amount", "98.80", "currency", "EUR"), "refunded_at", now.minus(5, ChronoUnit.DAYS).toString())))));
        assertThat(payment.status()).as(payment.body()).isEqualTo(201);

        signIn(Tokens.user(tenant, "analyst"));
        browser.await(By.linkText("Billing")).click();
        browser.await(By.id("mrr-EUR"));
        browser.await(By.id("movements"));
        browser.awaitLoaded();

        assertThat(text("#mrr-EUR .mrr-now")).isEqualTo("249,90 €");
        String month = TestClock.now().atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
        assertThat(text("#mrr-table-EUR tbody tr[data-month='" + month + "'] td.end")).isEqualTo("249,90 €");
        assertThat(browser.driver().findElements(By.cssSelector("#mrr-table-EUR tbody tr"))).hasSize(12);
        // the last 30 days: the subscription was paying already at their start, so no movement
        assertThat(text("#movements tbody tr[data-currency='EUR'] td.end")).isEqualTo("249,90 €");
        assertThat(text("#revenue tbody tr[data-currency='EUR'] td:nth-of-type(1)")).isEqualTo("2.998,80 €");
        assertThat(text("#revenue tbody tr[data-currency='EUR'] td:nth-of-type(2)")).isEqualTo("98,80 €");
        assertThat(text("#revenue tbody tr[data-currency='EUR'] td:nth-of-type(3)")).isEqualTo("2.900,00 €");
        assertThat(text("#by-plan tbody tr")).contains("team-yearly").contains("249,90 €");
        assertOnlyApiCalls();

        assertThat(browser.seriousAccessibilityViolations()).as("billing page").isEmpty();
        browser.script("window.scrollTo(0, 0)");
        browser.screenshot("billing", 1280);
        browser.screenshot("billing-375", 375);
    }
}
