package io.tally.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.query.QueryTemplate;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TemplateJsonTest {

    static final String SAVED_ID = "6f1c1c1e-2f0b-4a4e-9a57-0f7d3a1b2c3d";

    /** A template with every kind of block and field, as the API would parse its JSON. */
    static Map<String, Object> everything() {
        return map("key", "content-review", "title", "Content of {{customer}}", "description", "Posts and when to post them",
                "scope", "customer",
                "params", List.of(map("name", "min_posts", "type", "number", "default", new BigDecimal("3"))),
                "notes", List.of("Compared with {{previous_from}} to {{previous_to}}."),
                "key_figures", List.of(map("metric", "posts_published"),
                        map("metric", "content_engagement", "label", "Top platform", "compare", false, "top_by", "platform",
                                "filters", map("content_type", "video"))),
                "sections", List.of(
                        map("title", "Platforms", "blocks", List.of(
                                map("type", "chart", "chart", "breakdown", "title", "Engagement by platform",
                                        "query", map("metric", "content_engagement", "group_by", List.of("platform"))),
                                map("type", "table", "rows", "buckets", "order", "label", "share_of", "content_engagement",
                                        "headings", map("platform", "Platform"), "none_label", "(other)",
                                        "query", map("metrics", List.of("content_engagement", "content_views"), "bucket", "week")))),
                        map("title", "Best time", "blocks", List.of(
                                map("type", "text", "text", "At least {{min_posts}} posts, in {{timezone}}."),
                                map("type", "table", "rows", "groups", "order", "value",
                                        "query", map("metrics", List.of("post_engagement_rate", "rated_posts"),
                                        "group_by", List.of("@weekday_hour"), "having", map("metric", "rated_posts", "min", "{{min_posts}}"))),
                                map("type", "table", "rows", "metrics", "order", "value",
                                        "saved_query", map("id", SAVED_ID, "params", map("period", "last_7_days"))))),
                        map("title", "Events", "blocks", List.of(map("type", "events")))));
    }

    @Test
    void readsEveryFieldAndWritesTheSameJsonBack() {
        Map<String, Object> json = everything();

        TemplateDefinition definition = TemplateJson.read(json);

        assertThat(definition.title()).isEqualTo("Content of {{customer}}");
        assertThat(definition.scope()).isEqualTo(TemplateScope.CUSTOMER);
        assertThat(definition.keyFigures().get(1)).isEqualTo(new FigureSpec(MetricKey.of("content_engagement"), Optional.of("Top platform"), false,
                Optional.of("platform"), Map.of("content_type", "video")));
        TemplateBlock.Table buckets = (TemplateBlock.Table) definition.sections().getFirst().blocks().get(1);
        assertThat(buckets.rows()).isEqualTo(TemplateBlock.Rows.BUCKETS);
        assertThat(buckets.order()).isEqualTo(TemplateBlock.Order.LABEL);
        assertThat(buckets.noneLabel()).contains("(other)");
        assertThat(((TemplateBlock.Table) definition.sections().get(1).blocks().get(2)).source())
                .isEqualTo(new TemplateBlock.Saved(UUID.fromString(SAVED_ID), QueryTemplate.of(map("period", "last_7_days"), "params")));
        assertThat(definition.isEventsOnly()).isFalse();

        Map<String, Object> written = TemplateJson.write(Optional.of(TemplateKey.of("content-review")), definition);
        assertThat(TemplateJson.read(written)).isEqualTo(definition);
        assertThat(written.keySet()).startsWith("key", "title", "description", "scope");
        assertThat(written.get("sections")).isEqualTo(json.get("sections"));
        assertThat(written.get("key_figures")).isEqualTo(json.get("key_figures"));
    }

    /** What a definition leaves out is written out, so that the template read back through the API is whole. */
    @Test
    void defaultsAreWrittenOut() {
        TemplateDefinition definition = TemplateJson.read(map("title", "Calls", "scope", "tenant", "sections", List.of(
                map("title", "All", "blocks", List.of(map("type", "table", "query", map("metric", "calls")))))));

        TemplateBlock.Table table = (TemplateBlock.Table) definition.sections().getFirst().blocks().getFirst();
        assertThat(table.rows()).isEqualTo(TemplateBlock.Rows.GROUPS);
        assertThat(table.order()).isEqualTo(TemplateBlock.Order.VALUE);
        assertThat(TemplateJson.write(Optional.empty(), definition)).isEqualTo(map("title", "Calls", "scope", "tenant", "params", List.of(),
                "notes", List.of(), "key_figures", List.of(), "sections", List.of(map("title", "All", "blocks", List.of(
                        map("type", "table", "query", map("metric", "calls"), "rows", "groups", "order", "value"))))));
    }

    @Nested
    class ProblemsNameTheirField {

        /** The template of {@link #everything} with one value at a path replaced ({@code null} removes it). */
        @SuppressWarnings("unchecked")
        InvalidValueException refusal(Object value, Object... path) {
            Map<String, Object> json = everything();
            Object at = json;
            for (int i = 0; i < path.length - 1; i++) {
                at = path[i] instanceof Integer index ? ((List<Object>) at).get(index) : ((Map<String, Object>) at).get(path[i]);
            }
            Map<String, Object> parent = (Map<String, Object>) at;
            if (value == null) {
                parent.remove((String) path[path.length - 1]);
            } else {
                parent.put((String) path[path.length - 1], value);
            }
            Throwable thrown = catchThrowable(() -> TemplateJson.read(json));
            assertThat(thrown).isInstanceOf(InvalidValueException.class);
            return (InvalidValueException) thrown;
        }

        @Test
        void anUnknownFieldOfABlock() {
            InvalidValueException refused = refusal("red", "sections", 1, "blocks", 1, "colour");

            assertThat(refused.field()).isEqualTo("sections[1].blocks[1].colour");
            assertThat(refused.getMessage()).startsWith("is not a field of a table; its fields are");
        }

        @Test
        void aBlockOfNoKnownType() {
            assertThat(refusal("pie", "sections", 0, "blocks", 0, "type").field()).isEqualTo("sections[0].blocks[0].type");
        }

        @Test
        void aChartOfNoKnownKind() {
            assertThat(refusal("pie", "sections", 0, "blocks", 0, "chart").field()).isEqualTo("sections[0].blocks[0].chart");
        }

        @Test
        void aTableWithBothAQueryAndASavedQuery() {
            InvalidValueException refused = refusal(map("id", SAVED_ID), "sections", 0, "blocks", 1, "saved_query");

            assertThat(refused.field()).isEqualTo("sections[0].blocks[1].saved_query");
            assertThat(refused.getMessage()).startsWith("give one of query");
        }

        @Test
        void aSavedQueryWhoseIdIsNoUuid() {
            Map<String, Object> saved = map("id", "calls-by-outcome");
            assertThat(refusal(saved, "sections", 1, "blocks", 2, "saved_query").field()).isEqualTo("sections[1].blocks[2].saved_query.id");
        }

        @Test
        void aKeyFigureWithoutItsMetricOrWithABadKey() {
            assertThat(refusal(null, "key_figures", 1, "metric").field()).isEqualTo("key_figures[1].metric");
            assertThat(refusal("Engagement!", "key_figures", 0, "metric").field()).isEqualTo("key_figures[0].metric");
        }

        @Test
        void aPlaceholderThatIsNeitherAParameterNorTheReports() {
            InvalidValueException inText = refusal("At least {{min_post}} posts.", "sections", 1, "blocks", 0, "text");
            InvalidValueException inQuery = refusal(map("metric", "rated_posts", "min", "{{minimum}}"), "sections", 1, "blocks", 1, "query", "having");

            assertThat(inText.field()).isEqualTo("sections[1].blocks[0].text");
            assertThat(inQuery.field()).isEqualTo("sections[1].blocks[1].query.having.min");
            assertThat(inQuery.getMessage()).contains("{{minimum}} is not a parameter of the template");
        }

        @Test
        void aQueryNamingACustomerOrAMeter() {
            Map<String, Object> query = map("metric", "calls", "customer", "acme");
            assertThat(refusal(query, "sections", 0, "blocks", 0, "query").field()).isEqualTo("sections[0].blocks[0].query.customer");
            Map<String, Object> meter = map("meter", "calls");
            assertThat(refusal(meter, "sections", 0, "blocks", 0, "query").field()).isEqualTo("sections[0].blocks[0].query.meter");
        }

        @Test
        void theEventsInATenantsTemplate() {
            assertThat(refusal("tenant", "scope").field()).isEqualTo("sections[2].blocks[0]");
        }

        @Test
        void aParameterNamedLikeOneOfTheReports() {
            Map<String, Object> param = map("name", "timezone", "type", "number");
            InvalidValueException refused = refusal(List.of(param), "params");

            assertThat(refused.field()).isEqualTo("params[0].name");
            assertThat(refused.getMessage()).contains("is the report's own");
        }
    }

    @Test
    void fillReplacesTheGivenPlaceholdersAndLeavesTheOthers() {
        assertThat(TemplateDefinition.fill("{{days}} days of {{customer}} ({{unknown}})", Map.of("days", "7", "customer", "Acme")))
                .isEqualTo("7 days of Acme ({{unknown}})");
    }

    /** A mutable map of key, value pairs in order. */
    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
