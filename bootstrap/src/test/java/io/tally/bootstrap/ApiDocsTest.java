package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/api.md keeps up with the API: every operation of the generated OpenAPI document has a section. */
class ApiDocsTest {

    @Test
    void everyOperationIsDocumentedInTheApiGuide() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "api.md"), StandardCharsets.UTF_8);

        List<String> operations = operations();

        assertThat(operations).isNotEmpty();
        for (String operation : operations) {
            assertThat(guide).as("docs/api.md has a section for %s", operation).contains("### `" + operation + "`");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> operations() throws IOException {
        try (InputStream document = ApiDocsTest.class.getResourceAsStream("/META-INF/swagger/tally.yml")) {
            assertThat(document).as("the build generates the OpenAPI document").isNotNull();
            Map<String, Object> openApi = new Yaml().load(document);
            List<String> operations = new ArrayList<>();
            ((Map<String, Map<String, Object>>) openApi.get("paths")).forEach((path, methods) ->
                    methods.keySet().forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
            return operations;
        }
    }
}
