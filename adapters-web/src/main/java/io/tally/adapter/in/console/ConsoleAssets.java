package io.tally.adapter.in.console;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console's files, read from the jar once at start-up: the ES modules and the stylesheet under
 * {@code console/} (listed in {@code console/assets.list}, which {@code ConsoleAssetsTest} keeps complete), and the
 * chart library from its webjar. All of them are served under one version, the first 16 hex digits of the SHA-256 of
 * every file's name and bytes: {@code /console/assets/{version}/app.js}. A changed file gives a new version, so the
 * files can be cached for a year ({@code immutable}) and the page that names the version is never cached.
 * {@code TALLY_PUBLIC_BASE_PATH} ({@code tally.public.base-path}) is the path prefix a reverse proxy serves Tally
 * under, such as {@code /tally}: the page names its files and the API with it.
 */
@Singleton
public final class ConsoleAssets {

    /** Where the console's own files are in the jar. */
    static final String ROOT = "console/";
    /** The chart library (uPlot, from its webjar) and where the console serves it. */
    static final Map<String, String> VENDOR = Map.of(
            "vendor/uPlot.esm.js", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js",
            "vendor/uPlot.min.css", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");
    private static final Pattern BASE_PATH = Pattern.compile("(/(?!\\.+(?:/|$))[A-Za-z0-9._~-]+)*");

    /** A file of the console: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets;
    private final String version;
    private final String basePath;
    private final String page;

    ConsoleAssets(@Value("${tally.public.base-path:}") @Nullable String basePath) {
        this.basePath = basePath(basePath);
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String name : read(ROOT + "assets.list").lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
            files.put(name, new Asset(bytes(ROOT + name), contentType(name)));
        }
        VENDOR.forEach((name, resource) -> files.put(name, new Asset(bytes(resource), contentType(name))));
        this.assets = Map.copyOf(files);
        this.version = version(files);
        this.page = read(ROOT + "index.html").replace("{{base}}", this.basePath).replace("{{version}}", version);
    }

    /** The prefix, checked: empty, or segments of unreserved characters, each after a '/', without a trailing '/'. */
    static String basePath(@Nullable String configured) {
        String value = configured == null ? "" : configured.strip();
        if (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!BASE_PATH.matcher(value).matches()) {
            throw new IllegalArgumentException("TALLY_PUBLIC_BASE_PATH must be empty or a path such as /tally (letters, digits, '.', '_', '~', '-'"
                    + " between slashes, no . or .. segment); not " + configured);
        }
        return value;
    }

    /** The console's page, naming its files under the current version and the base path. */
    public String page() {
        return page;
    }

    public String version() {
        return version;
    }

    public String basePath() {
        return basePath;
    }

    /** A file by its name under the assets' version ({@code app.js}, {@code pages/customer.js}, {@code vendor/uPlot.esm.js}). */
    public Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static String version(Map<String, Asset> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.keySet().stream().sorted().forEach(name -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(files.get(name).bytes());
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalStateException("the console serves .js, .css and .svg files; not " + name);
    }

    private static String read(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
