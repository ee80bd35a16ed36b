package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated OpenAPI document is a contract: every operation documents its errors, each as an RFC 9457 problem
 * with the Problem schema and an example, and every schema names its properties in snake_case, as the API does.
 * The meta-annotations of {@code ProblemResponses} on the controllers put the errors there. The generator writes
 * every property in snake_case (its naming strategy, set in adapters-web/pom.xml) whatever the JSON mapping says;
 * {@code ArchitectureTest.jsonNamesAreSnakeCase} checks that the records the inbound adapters read and write agree.
 */
class OpenApiContractTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private static Map<String, Object> openApi;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream document = OpenApiContractTest.class.getResourceAsStream("/META-INF/swagger/tally.yml")) {
            assertThat(document).as("the build generates the OpenAPI document").isNotNull();
            openApi = new Yaml().load(document);
        }
    }

    @Test
    void everyOperationDocumentsAtLeastOneClientError() {
        Map<String, Map<Object, Object>> operations = operations();

        assertThat(operations).isNotEmpty();
        operations.forEach((operation, responses) ->
                assertThat(responses.keySet()).as("the 4xx responses of %s", operation).anyMatch(OpenApiContractTest::isClientError));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyClientErrorIsAProblemWithTheProblemSchemaAndAnExample() {
        List<String> checked = new ArrayList<>();
        operations().forEach((operation, responses) -> responses.forEach((status, response) -> {
            if (!isClientError(status)) {
                return;
            }
            String what = status + " of " + operation;
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
            assertThat(content).as("the content of %s", what).isNotNull().containsOnlyKeys(PROBLEM_JSON);
            Map<String, Object> problem = (Map<String, Object>) content.get(PROBLEM_JSON);
            assertThat(problem.get("schema")).as("the schema of %s", what).isEqualTo(Map.of("$ref", PROBLEM_SCHEMA));
            assertThat((Map<String, Object>) problem.get("examples")).as("the examples of %s", what).isNotEmpty();
            checked.add(what);
        }));

        assertThat(checked).isNotEmpty();
        assertThat(schemas()).containsKey("Problem");
    }

    @Test
    void everySchemaNamesItsPropertiesInSnakeCase() {
        List<String> properties = new ArrayList<>();
        schemas().forEach((name, schema) -> collectProperties(name, schema, properties));

        assertThat(properties).isNotEmpty();
        assertThat(properties).as("schema properties not in snake_case")
                .filteredOn(property -> !SNAKE_CASE.matcher(property.substring(property.lastIndexOf('.') + 1)).matches())
                .isEmpty();
    }

    /** OpenAPI 3.0 reads {@code nullable} only beside a {@code type}: a nullable reference without one is invalid (Redocly's nullable-type-sibling). */
    @Test
    void everyNullableSchemaHasAType() {
        List<String> untyped = new ArrayList<>();
        schemas().forEach((name, schema) -> collectUntypedNullables(name, schema, untyped));

        assertThat(untyped).as("nullable schemas without a type (add @Schema(type = \"object\") to a nullable record)").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void collectUntypedNullables(String where, Object schema, List<String> into) {
        if (!(schema instanceof Map<?, ?> map)) {
            return;
        }
        if (Boolean.TRUE.equals(map.get("nullable")) && !map.containsKey("type")) {
            into.add(where);
        }
        if (map.get("properties") instanceof Map<?, ?> properties) {
            ((Map<String, Object>) properties).forEach((name, property) -> collectUntypedNullables(where + "." + name, property, into));
        }
        collectUntypedNullables(where + "[]", map.get("items"), into);
        collectUntypedNullables(where + "{}", map.get("additionalProperties"), into);
    }

    /** Each operation ("POST /api/v1/plans") with its responses by status. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<Object, Object>> operations() {
        Map<String, Map<Object, Object>> operations = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) openApi.get("paths")).forEach((path, item) -> item.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Map<Object, Object> responses = (Map<Object, Object>) ((Map<String, Object>) operation).get("responses");
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path, responses == null ? Map.of() : responses);
            }
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas() {
        return (Map<String, Object>) ((Map<String, Object>) openApi.get("components")).get("schemas");
    }

    /** The properties of a schema and of the schemas inside it (objects, array items, maps, compositions) as "Schema.name". */
    @SuppressWarnings("unchecked")
    private static void collectProperties(String where, Object schema, List<String> into) {
        if (!(schema instanceof Map<?, ?> map)) {
            return;
        }
        if (map.get("properties") instanceof Map<?, ?> properties) {
            ((Map<String, Object>) properties).forEach((name, property) -> {
                into.add(where + "." + name);
                collectProperties(where + "." + name, property, into);
            });
        }
        collectProperties(where + "[]", map.get("items"), into);
        collectProperties(where + "{}", map.get("additionalProperties"), into);
        for (String composition : List.of("allOf", "oneOf", "anyOf")) {
            if (map.get(composition) instanceof List<?> parts) {
                parts.forEach(part -> collectProperties(where, part, into));
            }
        }
    }

    private static boolean isClientError(Object status) {
        String code = String.valueOf(status);
        return code.length() == 3 && code.startsWith("4");
    }
}
