package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The built-in content figures, worked out by hand, for a creator in Europe/Berlin over the week its clocks went
 * forward (the latest such Sunday at least ten days before the test clock's now, called D: Saturday is +01:00, Sunday
 * from 03:00 on +02:00). The period is D−1 (Saturday) to D+5; the week before holds one post, p0.
 *
 * <pre>
 * post  published (Berlin)    platform   type   views likes shares comments clicks  engagement  rate
 * a1    Sat D−1 09:15 +01:00  instagram  video  1200  60    10     20       36      90          7.50
 * a2    Sat D−1 09:40 +01:00  instagram  image  500   40    5      5        10      50          10.00
 * a3    Sat D−1 09:55 +01:00  tiktok     video  2000  100   20     30       60      150         7.50
 * b1    Sun D   10:05 +02:00  instagram  video  400   30    6      4        20      40          10.00
 * b2    Sun D   10:30 +02:00  tiktok     video  1000  90    20     10       50      120         12.00
 * b3    Sun D   10:50 +02:00  tiktok     image  200   10    2      4        4       16          8.00
 * c1    Mon D+1 18:10 +02:00  instagram  image  100   20    5      5        10      30          30.00
 * c2    Mon D+1 18:20 +02:00  instagram  video  100   15    3      2        5       20          20.00
 * p0    D−5     12:00 +01:00  instagram  image  400   20    2      2        8       24          (the week before)
 * </pre>
 * The engagement comes on D+2 at 12:00 UTC, a1's in two events (the second, on D+3, 200 views and 10 likes). In UTC
 * the Saturday and Sunday posts were all published between 08:00 and 09:00, so a slot cut in UTC or at a fixed offset
 * would put them in one hour; in Berlin they are Sat 09:00 and Sun 10:00.
 */
@MicronautTest(transactional = false)
class ContentAnalyticsIT extends ApiTestSupport {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String JSON = "application/json";

    LocalDate d;
    String viewer;
    int sequence;

    @BeforeEach
    void theWeek() {
        ZoneOffsetTransition change = TestClock.lastSpringForward(BERLIN, Duration.ofDays(10));
        d = LocalDate.ofInstant(change.getInstant(), BERLIN);
        viewer = Tokens.user(tenant, "viewer");
        assertThat(api.put("/internal/v1/customers/creator", Tokens.service(tenant, "customers:write"),
                "{\"display_name\": \"Creator Studio\", \"timezone\": \"Europe/Berlin\"}").status()).isIn(200, 201);
        post("a1", d.minusDays(1), "09:15", "instagram", "video", "Saturday reel");
        post("a2", d.minusDays(1), "09:40", "instagram", "image", "Saturday photo");
        post("a3", d.minusDays(1), "09:55", "tiktok", "video", "Saturday dance");
        post("b1", d, "10:05", "instagram", "video", "Sunday reel");
        post("b2", d, "10:30", "tiktok", "video", "Sunday dance");
        post("b3", d, "10:50", "tiktok", "image", "Sunday photo");
        post("c1", d.plusDays(1), "18:10", "instagram", "image", "Monday photo");
        post("c2", d.plusDays(1), "18:20", "instagram", "video", "Monday reel");
        post("p0", d.minusDays(5), "12:00", "instagram", "image", "The week before");
        LocalDate engaged = d.plusDays(2);
        engagement("a1", engaged, "instagram", 1000, 50, 10, 20, 30);
        engagement("a1", d.plusDays(3), "instagram", 200, 10, 0, 0, 6);
        engagement("a2", engaged, "instagram", 500, 40, 5, 5, 10);
        engagement("a3", engaged, "tiktok", 2000, 100, 20, 30, 60);
        engagement("b1", engaged, "instagram", 400, 30, 6, 4, 20);
        engagement("b2", engaged, "tiktok", 1000, 90, 20, 10, 50);
        engagement("b3", engaged, "tiktok", 200, 10, 2, 4, 4);
        engagement("c1", engaged, "instagram", 100, 20, 5, 5, 10);
        engagement("c2", engaged, "instagram", 100, 15, 3, 2, 5);
        engagement("p0", d.minusDays(4), "instagram", 400, 20, 2, 2, 8);
    }

    void post(String id, LocalDate day, String localTime, String platform, String type, String title) {
        String time = LocalDateTime.of(day, LocalTime.parse(localTime)).atZone(BERLIN).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        send("content.published", time, Map.of("content_id", id, "title", title, "platform", platform, "content_type", type));
    }

    void engagement(String id, LocalDate day, String platform, int views, int likes, int shares, int comments, int clicks) {
        send("content.engagement", day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString(), Map.of("content_id", id, "platform", platform,
                "views", views, "likes", likes, "shares", shares, "comments", comments, "clicks", clicks));
    }

    void send(String type, String time, Map<String, Object> data) {
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event("c-" + sequence++, "content", type, "creator",
                time, data));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    String period() {
        return "\"customer\": \"creator\", \"from\": \"" + d.minusDays(1) + "\", \"to\": \"" + d.plusDays(5) + "\"";
    }

    Map<String, Object> query(String body) {
        Api.Reply reply = api.post("/api/v1/analytics/query", viewer, JSON, "{" + period() + ", " + body + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    @Test
    void reachEngagementRateAndClickThroughRateAgainstTheWeekBefore() {
        Map<String, Object> answer = query("\"metrics\": [\"posts_published\", \"content_views\", \"content_engagement\", "
                + "\"content_engagement_rate\", \"content_ctr\"], \"bucket\": \"week\", \"compare\": \"previous\"");
        List<Map<String, Object>> series = MetricsIT.series(answer);

        assertThat(answer.get("period")).isEqualTo(Map.of("from", d.minusDays(1).toString(), "to", d.plusDays(5).toString(),
                "timezone", "Europe/Berlin"));
        // 8 posts against p0; 5,500 views against 400: +1275.00 %
        assertThat(series.get(0).get("totals")).isEqualTo(MetricsIT.mapOf("value", 8, "previous", 1, "growth_pct", 700.00));
        assertThat(series.get(1).get("totals")).isEqualTo(MetricsIT.mapOf("value", 5500, "previous", 400, "growth_pct", 1275.00));
        // likes 365 + shares 71 + comments 80 = 516 against 24: +2050.00 %
        assertThat(series.get(2).get("totals")).isEqualTo(MetricsIT.mapOf("value", 516, "previous", 24, "growth_pct", 2050.00));
        // 516 ÷ 5,500 × 100 = 9.3818… → 9.38 against 24 ÷ 400 = 6.00; growth of the figures shown: 3.38 ÷ 6.00 = 56.33 %
        assertThat(series.get(3).get("totals")).isEqualTo(MetricsIT.mapOf("value", 9.38, "previous", 6.00, "growth_pct", 56.33));
        // clicks 195 ÷ 5,500 × 100 = 3.5454… → 3.55 against 8 ÷ 400 = 2.00
        assertThat(series.get(4).get("totals")).isEqualTo(MetricsIT.mapOf("value", 3.55, "previous", 2.00, "growth_pct", 77.50));
    }

    @Test
    void engagementByPlatformWithTheTopPlatformFirst() {
        Map<String, Object> answer = query("\"metrics\": [\"content_engagement\", \"content_engagement_rate\"], \"group_by\": [\"platform\"], "
                + "\"order_by\": \"content_engagement\", \"bucket\": \"week\"");

        // tiktok 150 + 120 + 16 = 286 of 3,200 views (8.9375 → 8.94); instagram 90 + 50 + 40 + 30 + 20 = 230 of 2,300 (10.00)
        assertThat(MetricsIT.totals(answer, 0)).containsExactly(Map.entry(Map.of("platform", "tiktok"), 286), Map.entry(Map.of("platform", "instagram"), 230));
        assertThat(MetricsIT.totals(answer, 1)).containsExactly(Map.entry(Map.of("platform", "tiktok"), 8.94), Map.entry(Map.of("platform", "instagram"), 10.00));
    }

    @Test
    void engagementByTheContentTypeOfItsPost() {
        // the engagement events do not carry the type: it is their post's
        Map<String, Object> answer = query("\"metrics\": [\"content_engagement\", \"posts_published\"], \"group_by\": [\"content_type\"], "
                + "\"bucket\": \"week\"");

        // video a1 90 + a3 150 + b1 40 + b2 120 + c2 20 = 420; image a2 50 + b3 16 + c1 30 = 96; 5 and 3 posts
        assertThat(MetricsIT.totals(answer, 0)).containsExactly(Map.entry(Map.of("content_type", "video"), 420), Map.entry(Map.of("content_type", "image"), 96));
        assertThat(MetricsIT.totals(answer, 1)).containsExactly(Map.entry(Map.of("content_type", "video"), 5), Map.entry(Map.of("content_type", "image"), 3));
    }

    @Test
    void topContentByEngagementWithItsTitle() {
        Map<String, Object> answer = query("\"metric\": \"content_engagement\", \"group_by\": [\"content_id\", \"title\"], \"limit\": 3, "
                + "\"bucket\": \"week\"");

        assertThat(MetricsIT.totals(answer, 0)).containsExactly(Map.entry(Map.of("content_id", "a3", "title", "Saturday dance"), 150),
                Map.entry(Map.of("content_id", "b2", "title", "Sunday dance"), 120),
                Map.entry(Map.of("content_id", "a1", "title", "Saturday reel"), 90));
    }

    @Test
    void theBestTimesToPostAreLocalSlotsWithEnoughPosts() {
        Map<String, Object> answer = query("\"metrics\": [\"post_engagement_rate\", \"rated_posts\"], \"group_by\": [\"@weekday_hour\"], "
                + "\"order_by\": \"post_engagement_rate\", \"having\": {\"metric\": \"rated_posts\", \"min\": 3}, \"limit\": 3, "
                + "\"bucket\": \"week\"");

        // Sun 10:00: (10.00 + 12.00 + 8.00) ÷ 3 = 10.00; Sat 09:00: (7.50 + 10.00 + 7.50) ÷ 3 = 8.333… → 8.33;
        // Mon 18:00 has the best mean, (30.00 + 20.00) ÷ 2 = 25.00, but two posts only: left out
        assertThat(MetricsIT.totals(answer, 0)).containsExactly(Map.entry(Map.of("@weekday_hour", "Sun 10:00"), 10.00),
                Map.entry(Map.of("@weekday_hour", "Sat 09:00"), 8.33));
        assertThat(MetricsIT.totals(answer, 1)).containsExactly(Map.entry(Map.of("@weekday_hour", "Sun 10:00"), 3),
                Map.entry(Map.of("@weekday_hour", "Sat 09:00"), 3));

        Map<String, Object> two = query("\"metrics\": [\"post_engagement_rate\", \"rated_posts\"], \"group_by\": [\"@weekday_hour\"], "
                + "\"order_by\": \"post_engagement_rate\", \"having\": {\"metric\": \"rated_posts\", \"min\": 2}, \"limit\": 3, "
                + "\"bucket\": \"week\"");
        assertThat(MetricsIT.totals(two, 0).keySet()).containsExactly(Map.of("@weekday_hour", "Mon 18:00"), Map.of("@weekday_hour", "Sun 10:00"),
                Map.of("@weekday_hour", "Sat 09:00"));
    }

    @Test
    void dailyEngagementOverEveryDayOfThePeriod() {
        Map<String, Object> answer = query("\"metric\": \"content_engagement\"");

        // D+2: 516 − a1's second event's 10; D+3: 10
        assertThat(MetricsIT.groups(MetricsIT.series(answer).getFirst()).getFirst().get("values"))
                .isEqualTo(MetricsIT.values(0, 0, 0, 506, 10, 0, 0));
    }

    @Test
    void aGroupByOrFilterOnADimensionNeitherTheEventsNorTheirPostsHaveIsRefused() {
        Api.Reply reply = api.post("/api/v1/analytics/query", viewer, JSON, "{" + period() + ", \"metric\": \"content_engagement\", "
                + "\"group_by\": [\"colour\"]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errors()).containsExactly(Map.of("field", "group_by",
                "message", "'colour' is not a dimension of content.engagement events or of their content.published items"));
        Api.Reply first = api.post("/api/v1/analytics/query", viewer, JSON, "{" + period() + ", \"metric\": \"content_engagement\", "
                + "\"filters\": {\"@first\": \"true\"}}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
    }

    /** The built-in content-performance template over the same week: the same figures, laid out as a report. */
    @Nested
    class TheReport {

        Map<String, Object> report(String params) {
            Api.Reply reply = api.get("/api/v1/reports/content-performance?customer=creator&format=json&from=" + d.minusDays(1) + "&to="
                    + d.plusDays(5) + params, Tokens.user(tenant, "analyst"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return reply.map();
        }

        @Test
        void keyFiguresAgainstTheWeekBeforeAndTheTopPlatform() {
            Map<String, Object> report = report("");

            assertThat(report).containsEntry("report", "content-performance").containsEntry("title", "Content performance")
                    .containsEntry("subject", "Creator Studio");
            assertThat(ReportJson.figureLabels(report)).containsExactly("Posts published", "Reach (views)", "Engagement", "Engagement rate",
                    "Click-through rate", "Top platform: tiktok");
            assertThat(ReportJson.figure(report, "Posts published")).containsEntry("value", 8).containsEntry("previous", 1)
                    .containsEntry("growth_pct", 700.00);
            assertThat(ReportJson.figure(report, "Reach (views)")).containsEntry("value", 5500).containsEntry("growth_pct", 1275.00);
            assertThat(ReportJson.figure(report, "Engagement")).containsEntry("value", 516).containsEntry("previous", 24);
            assertThat(ReportJson.figure(report, "Engagement rate")).containsEntry("value", 9.38).containsEntry("previous", 6.00);
            assertThat(ReportJson.figure(report, "Click-through rate")).containsEntry("value", 3.55).containsEntry("previous", 2.00);
            // tiktok: 286 of the 516, not compared
            assertThat(ReportJson.figure(report, "Top platform: tiktok")).containsEntry("value", 286).containsEntry("previous", null);
        }

        @Test
        void platformsAndContentTypesAddUpToTheWhole() {
            Map<String, Object> report = report("");

            assertThat(ReportJson.columns(report, "Platforms")).containsExactly("Platform", "Engagement", "Views", "Engagement rate %",
                    "Click-through rate %", "Share %");
            // tiktok 286 of 3,200 views (8.9375 → 8.94), clicks 114 (3.5625 → 3.56), 286 ÷ 516 = 55.43 %;
            // instagram 230 of 2,300 (10.00), clicks 81 (3.5217… → 3.52), 44.57 %
            assertThat(ReportJson.rows(report, "Platforms")).containsExactly(List.of("tiktok", 286, 3200, 8.94, 3.56, 55.43),
                    List.of("instagram", 230, 2300, 10.00, 3.52, 44.57));
            assertThat(ReportJson.of(report, "Platforms", "breakdown").getFirst().get("bars"))
                    .isEqualTo(List.of(Map.of("label", "tiktok", "value", 286), Map.of("label", "instagram", "value", 230)));
            // video: 90 + 150 + 40 + 120 + 20 = 420 of 4,700 views in 5 posts; image: 50 + 16 + 30 = 96 of 800 in 3
            assertThat(ReportJson.columns(report, "Content types")).containsExactly("Content type", "Engagement", "Posts", "Views",
                    "Engagement rate %", "Share %");
            assertThat(ReportJson.rows(report, "Content types")).containsExactly(List.of("video", 420, 5, 4700, 8.94, 81.40),
                    List.of("image", 96, 3, 800, 12.00, 18.60));
        }

        @Test
        void topContentWithItsTitles() {
            Map<String, Object> report = report("");

            assertThat(ReportJson.columns(report, "Top content")).containsExactly("Post", "Title", "Engagement", "Views", "Engagement rate %");
            assertThat(ReportJson.rows(report, "Top content")).containsExactly(List.of("a3", "Saturday dance", 150, 2000, 7.50),
                    List.of("b2", "Sunday dance", 120, 1000, 12.00), List.of("a1", "Saturday reel", 90, 1200, 7.50),
                    List.of("a2", "Saturday photo", 50, 500, 10.00), List.of("b1", "Sunday reel", 40, 400, 10.00),
                    List.of("c1", "Monday photo", 30, 100, 30.00), List.of("c2", "Monday reel", 20, 100, 20.00),
                    List.of("b3", "Sunday photo", 16, 200, 8.00));
        }

        @Test
        void theBestTimesToPostWithTheirSampleSizesAndTheMinimumAsAParameter() {
            Map<String, Object> report = report("");

            assertThat(ReportJson.columns(report, "Best time to post")).containsExactly("Published", "Mean engagement rate %", "Posts");
            // Berlin time: Sunday on summer time, Saturday not; Mon 18:00 has two posts only
            assertThat(ReportJson.rows(report, "Best time to post")).containsExactly(List.of("Sun 10:00", 10.00, 3), List.of("Sat 09:00", 8.33, 3));
            assertThat(ReportJson.of(report, "Best time to post", "text").getFirst().get("text").toString())
                    .contains("in Europe/Berlin").contains("at least 3 posts");

            Map<String, Object> two = report("&params.min_posts=2");
            assertThat(ReportJson.rows(two, "Best time to post")).containsExactly(List.of("Mon 18:00", 25.00, 2), List.of("Sun 10:00", 10.00, 3),
                    List.of("Sat 09:00", 8.33, 3));
            assertThat(ReportJson.of(two, "Best time to post", "text").getFirst().get("text").toString()).contains("at least 2 posts");
        }

        @Test
        void dailyEngagementViewsAndPosts() {
            Map<String, Object> report = report("");

            assertThat(ReportJson.columns(report, "Daily engagement")).containsExactly("Date", "Engagement", "Views", "Posts");
            // posts on their local day of publication; the engagement of D+2 without a1's second event (D+3: 10, 200 views)
            assertThat(ReportJson.rows(report, "Daily engagement")).containsExactly(List.of(d.minusDays(1).toString(), 0, 0, 3),
                    List.of(d.toString(), 0, 0, 3), List.of(d.plusDays(1).toString(), 0, 0, 2), List.of(d.plusDays(2).toString(), 506, 5300, 0),
                    List.of(d.plusDays(3).toString(), 10, 200, 0), List.of(d.plusDays(4).toString(), 0, 0, 0),
                    List.of(d.plusDays(5).toString(), 0, 0, 0));
        }

        @Test
        void aParameterTheTemplateDoesNotHaveOrOfTheWrongTypeIsRefusedNamingIt() {
            Api.Reply unknown = api.get("/api/v1/reports/content-performance?customer=creator&format=json&params.colour=red",
                    Tokens.user(tenant, "analyst"));
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
            assertThat(unknown.errors()).containsExactly(Map.of("field", "params.colour",
                    "message", "is not a parameter of the content-performance report; it has min_posts"));
            Api.Reply wrong = api.get("/api/v1/reports/content-performance?customer=creator&format=json&params.min_posts=three",
                    Tokens.user(tenant, "analyst"));
            assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
            assertThat(wrong.errors()).containsExactly(Map.of("field", "params.min_posts", "message", "must be a number"));
            Api.Reply noCustomer = api.get("/api/v1/reports/content-performance?format=json", Tokens.user(tenant, "analyst"));
            assertThat(noCustomer.status()).isEqualTo(400);
            assertThat(noCustomer.errors().getFirst()).containsEntry("field", "customer");
        }
    }
}
