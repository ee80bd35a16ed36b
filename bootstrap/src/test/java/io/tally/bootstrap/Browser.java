package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver};
 * {@code .ci/run} installs both when missing), for the console's browser tests: a fresh profile and download folder,
 * every request the page makes recorded (Chrome's performance log), screenshots into
 * {@code target/console-screenshots}, and axe-core (npm's {@code axe-core} {@value #AXE_VERSION}, installed into
 * {@code target/axe} by the first check) for accessibility.
 */
final class Browser implements AutoCloseable {

    static final String AXE_VERSION = "4.14.1";
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final Path AXE = Path.of("target/axe");

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;
    private final JsonMapper json;

    Browser(JsonMapper json) {
        this.json = json;
        try {
            profile = Files.createTempDirectory("tally-chromium-");
            downloads = Files.createTempDirectory("tally-downloads-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    WebElement await(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void awaitText(By locator, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    void awaitGone(By locator) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    /** Waits until no section shows its loading state. */
    void awaitLoaded() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector(".state.loading")).isEmpty());
    }

    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(code, arguments);
    }

    /** Forgets the session (the token in session storage) and what was downloaded. */
    void reset() {
        driver.get("about:blank");
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next file to land in the download folder (complete, not a .crdownload), waited for up to 30 s. */
    Path awaitDownload(String suffix) throws InterruptedException {
        return awaitDownload("", suffix);
    }

    /** The downloaded file whose name starts with {@code prefix} and ends with {@code suffix}, waited for up to 30 s. */
    Path awaitDownload(String prefix, String suffix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> done = files.filter(file -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(suffix)).toList();
                if (!done.isEmpty()) {
                    return done.getFirst();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + suffix + " file was downloaded into " + downloads);
    }

    /** Every URL the browser requested since the last call (documents, scripts, styles, fetches), from Chrome's own log. */
    @SuppressWarnings("unchecked")
    List<String> requests() {
        List<String> requests = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                Map<String, Object> message = (Map<String, Object>) json.readValue(entry.getMessage(), Map.class).get("message");
                if ("Network.requestWillBeSent".equals(message.get("method"))) {
                    Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) message.get("params")).get("request");
                    requests.add((String) request.get("url"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return requests;
    }

    /** A screenshot of the whole page (the window made as tall as the page first, up to 5,000 px) as target/console-screenshots/{name}.png. */
    Path screenshot(String name, int width) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 1000));
        // the window's size includes the browser's own frame: the page's height plus that frame shows the whole page
        long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight + window.outerHeight - window.innerHeight)");
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 6000)));
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1280, 1000));
        return file;
    }

    /** The axe-core violations of the page whose impact is serious or critical, as "rule (impact): targets". */
    List<String> seriousAccessibilityViolations() throws IOException, InterruptedException {
        script(Files.readString(axe(), StandardCharsets.UTF_8));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))), e => done('error: ' + e));""");
        assertThat((String) result).doesNotStartWith("error:");
        return json.readValue((String) result, Argument.listOf(String.class));
    }

    /** axe.min.js, installed from npm by the first caller (the build itself never needs npm). */
    private static synchronized Path axe() throws IOException, InterruptedException {
        Path script = AXE.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.exists(script) || !Files.readString(AXE.resolve("node_modules/axe-core/package.json")).contains("\"version\": \"" + AXE_VERSION + "\"")) {
            Files.createDirectories(AXE);
            Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", AXE.toString(),
                    "axe-core@" + AXE_VERSION).redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm could not install axe-core " + AXE_VERSION + ": " + output);
            }
        }
        return script;
    }

    @Override
    public void close() {
        driver.quit();
        for (Path folder : List.of(profile, downloads)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }
    }
}
