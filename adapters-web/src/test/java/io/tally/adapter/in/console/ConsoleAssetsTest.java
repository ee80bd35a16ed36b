package io.tally.adapter.in.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {

    private static final Path SOURCES = Path.of("src/main/resources/console");

    @Test
    void theListNamesEveryFileOfTheConsoleAndNothingElse() throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(Files::isRegularFile).map(path -> SOURCES.relativize(path).toString().replace('\\', '/'))
                    .filter(name -> !name.equals("index.html") && !name.equals("assets.list")).sorted().toList();
        }
        List<String> listed = Files.readAllLines(SOURCES.resolve("assets.list")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).sorted().toList();
        assertThat(listed).isEqualTo(files);
    }

    @Test
    void everyModuleImportsOnlyFilesTheConsoleServes() throws IOException {
        ConsoleAssets assets = new ConsoleAssets(null);
        Pattern imports = Pattern.compile("(?:import\\s[^;]*?from\\s|import\\()\\s*'([^']+)'");
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            for (Path module : walk.filter(path -> path.toString().endsWith(".js")).toList()) {
                Path folder = SOURCES.relativize(module).getParent();
                Matcher matcher = imports.matcher(Files.readString(module, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    String target = matcher.group(1);
                    assertThat(target).as("%s imports a relative path (no CDN, no bare name)", module).startsWith(".");
                    // app.js imports its pages by a path relative to itself, whichever module names them
                    Path resolved = (folder == null || module.getFileName().toString().equals("app.js") ? Path.of("") : folder).resolve(target).normalize();
                    assertThat(assets.asset(resolved.toString().replace('\\', '/'))).as("%s imports %s", module, target).isPresent();
                }
            }
        }
    }

    @Test
    void thePageNamesItsFilesUnderTheirVersionAndTheBasePath() {
        ConsoleAssets plain = new ConsoleAssets(null);
        ConsoleAssets prefixed = new ConsoleAssets("/tally/");

        assertThat(plain.version()).matches("[0-9a-f]{16}").isEqualTo(prefixed.version());
        assertThat(plain.page()).contains("src=\"/console/assets/" + plain.version() + "/app.js\"").contains("content=\"\"")
                .doesNotContain("{{");
        assertThat(prefixed.basePath()).isEqualTo("/tally");
        assertThat(prefixed.page()).contains("src=\"/tally/console/assets/" + plain.version() + "/app.js\"")
                .contains("href=\"/tally/console/assets/" + plain.version() + "/vendor/uPlot.min.css\"").contains("content=\"/tally\"");
        assertThat(plain.asset("vendor/uPlot.esm.js")).hasValueSatisfying(asset -> assertThat(asset.contentType()).startsWith("text/javascript"));
        assertThat(plain.asset("../application.yml")).isEmpty();
        assertThat(plain.asset("index.html")).isEmpty();
    }

    @Test
    void aBasePathThatIsNotAPathIsRefusedAtStartUp() {
        for (String bad : List.of("tally", "/ta lly", "/a/../b", "https://example.com/x", "/a?b")) {
            assertThatThrownBy(() -> ConsoleAssets.basePath(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TALLY_PUBLIC_BASE_PATH");
        }
        assertThat(ConsoleAssets.basePath("  ")).isEmpty();
        assertThat(ConsoleAssets.basePath("/a/b-c/")).isEqualTo("/a/b-c");
    }
}
