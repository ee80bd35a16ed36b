package io.tally.adapter.out.export.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.adapter.out.export.Kinds;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.common.Money;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportKind;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonReportRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant GENERATED = Instant.parse("2026-12-01T08:30:00Z");

    private final JsonReportRenderer renderer = new JsonReportRenderer();

    private static Report report(ReportKind type, String zone, List<KeyFigure> figures, Section... sections) {
        return new Report(type, Kinds.title(type), "Acme", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), TimeZoneId.of(zone), GENERATED,
                new Report.Brand("Acme Corp", BrandColour.of("#1d4ed8")), List.of("Measured until 2026-11-20"), figures, List.of(sections));
    }

    private static Cell money(String amount, String currency) {
        return Cell.money(Money.of(amount, currency));
    }

    private static Cell number(String value) {
        return Cell.number(new BigDecimal(value));
    }

    private String render(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(report, RenderOptions.defaults(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Document {

        private final Report report = report(Kinds.USAGE_SUMMARY, "Europe/Paris",
                List.of(KeyFigure.compared("Events", ValueType.COUNT, Cell.number(1200), Cell.number(1000), new BigDecimal("20")),
                        KeyFigure.compared("Cost", ValueType.MONEY, money("12.3", "USD"), money("10", "USD"), new BigDecimal("23.0")),
                        KeyFigure.compared("Error rate", ValueType.PERCENT, number("2.5"), Cell.number(0), null)),
                Section.of("Daily usage",
                        Table.of(List.of(Column.of("Day", ValueType.DATE), Column.of("Events", ValueType.COUNT), Column.of("Cost", ValueType.MONEY),
                                        Column.of("Last event", ValueType.DATETIME), Column.of("Top meter", ValueType.TEXT)),
                                List.of(List.of(Cell.day(LocalDate.of(2026, 11, 1)), Cell.number(700), money("7.25", "USD"),
                                                Cell.moment(Instant.parse("2026-11-01T22:59:59Z")), Cell.text("api_calls")),
                                        List.of(Cell.day(LocalDate.of(2026, 11, 2)), Cell.number(500), money("5.05", "USD"), Cell.EMPTY, Cell.EMPTY))),
                        new Chart.TimeSeries("Events per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR, Chart.TimeSeries.Granularity.DAY,
                                List.of(new Chart.TimeSeries.Point(LocalDate.of(2026, 11, 1), new BigDecimal("700")),
                                        new Chart.TimeSeries.Point(LocalDate.of(2026, 11, 2), new BigDecimal("500"))))),
                Section.of("Outcomes",
                        new Chart.Breakdown("Calls by outcome", ValueType.PERCENT,
                                List.of(new Chart.Breakdown.Bar("completed", new BigDecimal("75.5")), new Chart.Breakdown.Bar("failed", new BigDecimal("24.5")))),
                        Table.of(List.of(Column.of("Outcome", ValueType.TEXT), Column.of("Share", ValueType.PERCENT)), List.of())));

        @Test
        void writesTheHeaderFields() throws IOException {
            JsonNode json = JSON.readTree(render(report));

            assertThat(json.fieldNames()).toIterable().containsExactly("report", "title", "subject", "period", "generated_at", "brand", "notes",
                    "key_figures", "sections", "row_count");
            assertThat(json.get("report").asText()).isEqualTo("usage-summary");
            assertThat(json.get("title").asText()).isEqualTo("Usage summary");
            assertThat(json.get("subject").asText()).isEqualTo("Acme");
            assertThat(json.get("period").toString()).isEqualTo("{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\",\"timezone\":\"Europe/Paris\"}");
            assertThat(json.get("generated_at").asText()).isEqualTo("2026-12-01T09:30:00+01:00");
            assertThat(json.get("brand").toString()).isEqualTo("{\"name\":\"Acme Corp\",\"colour\":\"#1D4ED8\"}");
            assertThat(json.get("notes").toString()).isEqualTo("[\"Measured until 2026-11-20\"]");
        }

        @Test
        void writesKeyFiguresWithUnitsAndComparisons() throws IOException {
            String json = render(report);
            JsonNode figures = JSON.readTree(json).get("key_figures");

            assertThat(figures.get(0).toString())
                    .isEqualTo("{\"label\":\"Events\",\"unit\":\"count\",\"value\":1200,\"previous\":1000,\"growth_pct\":20,"
                            + "\"polarity\":\"higher_is_better\"}");
            assertThat(json).contains("{\"label\":\"Cost\",\"unit\":\"money\",\"value\":{\"amount\":\"12.30\",\"currency\":\"USD\"},"
                    + "\"previous\":{\"amount\":\"10.00\",\"currency\":\"USD\"},\"growth_pct\":23.0,\"polarity\":\"higher_is_better\"}");
            assertThat(figures.get(2).get("growth_pct").isNull()).isTrue();
            assertThat(figures.get(2).get("value").decimalValue()).isEqualByComparingTo("2.5");
        }

        @Test
        void writesTablesWithTypedColumnsAndCells() throws IOException {
            JsonNode table = JSON.readTree(render(report)).get("sections").get(0).get("blocks").get(0);

            assertThat(table.get("kind").asText()).isEqualTo("table");
            assertThat(table.get("columns").toString()).isEqualTo("[{\"name\":\"Day\",\"type\":\"date\"},{\"name\":\"Events\",\"type\":\"count\"},"
                    + "{\"name\":\"Cost\",\"type\":\"money\"},{\"name\":\"Last event\",\"type\":\"datetime\"},{\"name\":\"Top meter\",\"type\":\"text\"}]");
            assertThat(table.get("rows").get(0).toString())
                    .isEqualTo("[\"2026-11-01\",700,{\"amount\":\"7.25\",\"currency\":\"USD\"},\"2026-11-01T23:59:59+01:00\",\"api_calls\"]");
            assertThat(table.get("rows").get(1).toString()).isEqualTo("[\"2026-11-02\",500,{\"amount\":\"5.05\",\"currency\":\"USD\"},null,null]");
            // 700 + 500 = 1200 events and 7.25 + 5.05 = 12.30 USD, the key figures' values.
            long events = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (JsonNode row : table.get("rows")) {
                events += row.get(1).asLong();
                cost = cost.add(new BigDecimal(row.get(2).get("amount").asText()));
            }
            assertThat(events).isEqualTo(1200);
            assertThat(cost).isEqualByComparingTo("12.30");
        }

        @Test
        void writesSeveralSeriesAndHoursAndGaps() throws IOException {
            List<BigDecimal> rates = new ArrayList<>();
            rates.add(new BigDecimal("50.00"));
            rates.add(null);
            Report hourly = report(Kinds.DASHBOARD, "Europe/Paris", List.of(), Section.of("Calls",
                    new Chart.MultiSeries("Success rate", ValueType.PERCENT, Chart.TimeSeries.Style.LINE, Chart.TimeSeries.Granularity.HOUR,
                            List.of(LocalDate.of(2026, 11, 1).atTime(9, 0), LocalDate.of(2026, 11, 1).atTime(10, 0)),
                            List.of(new Chart.MultiSeries.Series("ana", rates), new Chart.MultiSeries.Series("ben", List.of(BigDecimal.ONE,
                                    BigDecimal.TEN))))));

            assertThat(render(hourly)).contains("{\"kind\":\"multi_series\",\"title\":\"Success rate\",\"unit\":\"percent\",\"style\":\"line\","
                            + "\"granularity\":\"hour\",\"at\":[\"2026-11-01T09:00\",\"2026-11-01T10:00\"],"
                            + "\"series\":[{\"label\":\"ana\",\"values\":[50.00,null]},{\"label\":\"ben\",\"values\":[1,10]}]}");
        }

        @Test
        void writesChartsAndEmptyTables() throws IOException {
            JsonNode sections = JSON.readTree(render(report)).get("sections");

            assertThat(sections.get(0).get("title").asText()).isEqualTo("Daily usage");
            assertThat(sections.get(0).get("blocks").get(1).toString()).isEqualTo("{\"kind\":\"time_series\",\"title\":\"Events per day\",\"unit\":\"count\","
                    + "\"style\":\"bar\",\"granularity\":\"day\",\"points\":[{\"at\":\"2026-11-01\",\"value\":700},{\"at\":\"2026-11-02\",\"value\":500}]}");
            assertThat(sections.get(1).get("blocks").get(0).toString()).isEqualTo("{\"kind\":\"breakdown\",\"title\":\"Calls by outcome\",\"unit\":\"percent\","
                    + "\"bars\":[{\"label\":\"completed\",\"value\":75.5},{\"label\":\"failed\",\"value\":24.5}]}");
            assertThat(sections.get(1).get("blocks").get(1).get("rows").isEmpty()).isTrue();
        }

        @Test
        void countsTheTableRows() throws IOException {
            assertThat(JSON.readTree(render(report)).get("row_count").asLong()).isEqualTo(2);
            assertThat(renderer.render(report, RenderOptions.defaults(), new ByteArrayOutputStream())).isEqualTo(2);
        }
    }

    @Nested
    class Values {

        private Report oneColumn(String zone, ValueType type, List<Cell> cells) {
            return report(Kinds.ACTIVITY, zone, List.of(),
                    Section.of("S", Table.of(List.of(Column.of("V", type)), cells.stream().map(List::of).toList())));
        }

        private JsonNode rows(String json) throws IOException {
            return JSON.readTree(json).get("sections").get(0).get("blocks").get(0).get("rows");
        }

        @Test
        void writesNumbersPlain() throws IOException {
            String json = render(oneColumn("UTC", ValueType.DECIMAL, List.of(number("0.1"), number("12345678901234567890.5"), number("1E+3"), number("-5"))));

            assertThat(json).contains("\"rows\":[[0.1],[12345678901234567890.5],[1000],[-5]]");
            assertThat(rows(json).get(1).get(0).decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.5"));
        }

        @Test
        void writesInstantsInTheReportZone() throws IOException {
            List<Cell> times = List.of(Cell.moment(Instant.parse("2026-11-02T13:03:07Z")), Cell.moment(Instant.parse("2026-07-02T13:03:07.250Z")));

            JsonNode paris = rows(render(oneColumn("Europe/Paris", ValueType.DATETIME, times)));
            JsonNode taipei = rows(render(oneColumn("Asia/Taipei", ValueType.DATETIME, times)));

            assertThat(paris.toString()).isEqualTo("[[\"2026-11-02T14:03:07+01:00\"],[\"2026-07-02T15:03:07.25+02:00\"]]");
            assertThat(taipei.toString()).isEqualTo("[[\"2026-11-02T21:03:07+08:00\"],[\"2026-07-02T21:03:07.25+08:00\"]]");
        }

        @Test
        void roundTripsUnicodeAndControlCharacters() throws IOException {
            List<String> names = List.of("王小明", "😀", "שלום", "say \"hi\", then\nbye", "ctl\u0001\u0007\tx", "=HYPERLINK(\"http://x\",\"y\")", "\\");

            JsonNode rows = rows(render(oneColumn("UTC", ValueType.TEXT, names.stream().map(Cell::text).toList())));

            List<String> back = new ArrayList<>();
            rows.forEach(row -> back.add(row.get(0).asText()));
            assertThat(back).containsExactlyElementsOf(names);
        }
    }

    @Test
    void streamsATableRowByRow() throws IOException {
        int total = 200_000;
        long[] bytesAtHalfway = {-1};
        CountingStream out = new CountingStream();
        Table table = Table.streamed(List.of(Column.of("N", ValueType.COUNT), Column.of("Cost", ValueType.MONEY)), consumer -> {
            for (int i = 0; i < total; i++) {
                if (i == total / 2) {
                    bytesAtHalfway[0] = out.bytes;
                }
                consumer.accept(List.of(Cell.number(i), money("0.5", "EUR")));
            }
        });

        long written = renderer.render(report(Kinds.USAGE_HISTORY, "UTC", List.of(), Section.of("Events", table)), RenderOptions.defaults(), out);

        assertThat(written).isEqualTo(total);
        // Rows 0..99999 are shorter than the rest, so the first half of the rows is a bit under half the bytes.
        assertThat(bytesAtHalfway[0]).isGreaterThan(out.bytes * 2 / 5);
        assertThat(out.text()).endsWith("[199999,{\"amount\":\"0.50\",\"currency\":\"EUR\"}]]}]}],\"row_count\":200000}");
    }

    /** Counts bytes and keeps the last few. */
    private static final class CountingStream extends OutputStream {
        long bytes;
        private final byte[] tail = new byte[128];

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
            int keep = Math.min(length, tail.length);
            System.arraycopy(tail, keep, tail, 0, tail.length - keep);
            System.arraycopy(buffer, offset + length - keep, tail, tail.length - keep, keep);
        }

        String text() {
            return new String(tail, StandardCharsets.UTF_8).replace("\0", "");
        }
    }
}
