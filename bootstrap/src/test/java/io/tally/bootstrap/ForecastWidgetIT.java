package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * A dashboard line widget with {@code forecast: true}: a customer's daily calls over 56 days, rising with a Sunday dip
 * and one spike 10 days ago. The widget's data carries the forecast after the finished days (today, unfinished, is
 * forecast, not drawn as a drop), with 80 % and 95 % bands, and the spike as an anomaly while the Sundays are not; the
 * PDF export draws it (the PDF is kept in target/ for docs/images/forecast-widget.png).
 */
@MicronautTest(transactional = false)
class ForecastWidgetIT extends ApiTestSupport {

    static final LocalDate TODAY = TestClock.today(ZoneOffset.UTC);
    static final LocalDate SPIKE = TODAY.minusDays(10);

    static int calls(LocalDate day) {
        int base = 30 + (int) ChronoUnit.DAYS.between(TODAY.minusDays(56), day) / 4 - (day.getDayOfWeek() == DayOfWeek.SUNDAY ? 18 : 0);
        return day.equals(SPIKE) ? base + 40 : base;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLineWidgetShowsItsForecastWithBandsAndTheSpikeAsAnAnomaly() throws Exception {
        Api.Reply profile = api.put("/internal/v1/customers/growing", Tokens.service(tenant, "customers:write"),
                "{\"display_name\": \"Growing Ltd\", \"timezone\": \"UTC\"}");
        assertThat(profile.status()).isIn(200, 201);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int d = 56; d >= 1; d--) {
            LocalDate day = TODAY.minusDays(d);
            for (int i = 0; i < calls(day); i++) {
                events.add(Events.event("g-" + d + "-" + i, "calls", "call", "growing", day.atTime(8 + i % 10, i % 60).toInstant(ZoneOffset.UTC).toString(),
                        Map.of("outcome", "completed")));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            assertThat(api.postEvents(Tokens.service(tenant, "events:write"), events.subList(from, Math.min(events.size(), from + 500))).status())
                    .isEqualTo(200);
        }
        String manager = Tokens.user(tenant, "manager");
        Api.Reply wrong = api.post("/api/v1/dashboards", manager, "application/json", "{\"name\": \"Bad\", \"widgets\": [{\"id\": \"c\", \"title\": \"C\","
                + " \"type\": \"bar\", \"forecast\": true, \"position\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 3}, \"query\": {\"metric\": \"calls\"}}]}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errors().getFirst()).containsEntry("field", "widgets[0].forecast");

        Api.Reply board = api.post("/api/v1/dashboards", manager, "application/json", "{\"name\": \"Calls outlook\", \"visibility\": \"tenant\","
                + " \"widgets\": [{\"id\": \"calls\", \"title\": \"Calls per day\", \"type\": \"line\", \"forecast\": true,"
                + " \"position\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 4},"
                + " \"query\": {\"metric\": \"calls\", \"customer\": \"growing\", \"days\": 57, \"bucket\": \"day\", \"tz\": \"UTC\"}}]}");
        assertThat(board.status()).as(board.body()).isEqualTo(201);
        String id = board.map().get("id").toString();
        assertThat((List<Map<String, Object>>) board.map().get("widgets")).first().extracting(widget -> widget.get("forecast")).isEqualTo(true);

        Api.Reply data = api.get("/api/v1/dashboards/" + id + "/data", Tokens.user(tenant, "viewer"));
        assertThat(data.status()).as(data.body()).isEqualTo(200);
        Map<String, Object> widget = ((List<Map<String, Object>>) data.map().get("widgets")).getFirst();
        List<Map<String, Object>> forecasts = (List<Map<String, Object>>) widget.get("forecasts");
        assertThat(forecasts).hasSize(1);
        Map<String, Object> forecast = forecasts.getFirst();
        assertThat(forecast).containsEntry("metric", "calls").containsEntry("method", "holt_winters_additive_weekly").containsEntry("trend", "up")
                .containsEntry("note", null);
        List<Map<String, Object>> points = (List<Map<String, Object>>) forecast.get("points");
        // today (unfinished) and a quarter of the 56 finished days ahead: 1 + 14
        assertThat(points).hasSize(15);
        assertThat(points.getFirst()).containsEntry("start", TODAY.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        for (Map<String, Object> point : points) {
            List<Number> i80 = (List<Number>) point.get("interval_80");
            List<Number> i95 = (List<Number>) point.get("interval_95");
            double value = ((Number) point.get("value")).doubleValue();
            assertThat(i95.get(0).doubleValue()).isLessThanOrEqualTo(i80.get(0).doubleValue()).isLessThanOrEqualTo(value);
            assertThat(i95.get(1).doubleValue()).isGreaterThanOrEqualTo(i80.get(1).doubleValue()).isGreaterThanOrEqualTo(value);
        }
        List<Map<String, Object>> anomalies = (List<Map<String, Object>>) forecast.get("anomalies");
        assertThat(anomalies).extracting(anomaly -> anomaly.get("start")).as("the spike, and no Sunday")
                .containsExactly(SPIKE.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        assertThat(((Number) anomalies.getFirst().get("value")).intValue()).isEqualTo(calls(SPIKE));

        Api.Binary pdf = api.download("/api/v1/dashboards/" + id + "/export?format=pdf", Tokens.user(tenant, "analyst"));
        assertThat(pdf.status()).isEqualTo(200);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "forecast-widget.pdf"), pdf.body());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("Calls per day", "Calls: forecast", "Trending up", "Forecast by Holt-Winters additive with the weekly season", "80 % interval",
                    "95 % interval", "Anomaly", "1 anomaly marked", "the current bucket is forecast, not drawn as a drop");
            assertThat(text).as("the plain chart is not drawn beside the forecast").doesNotContain("Calls\nActual");
        }
        Api.Reply json = api.get("/api/v1/dashboards/" + id + "/export?format=json", Tokens.user(tenant, "analyst"));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).contains("\"kind\":\"forecast\"", "\"anomaly\":true");
        Api.Binary html = api.download("/api/v1/dashboards/" + id + "/export?format=html", Tokens.user(tenant, "analyst"));
        assertThat(new String(html.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("stroke-dasharray", "95 % interval");
    }
}
