package io.tally.adapter.out.export.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.adapter.out.export.Kinds;
import io.tally.domain.common.Money;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.metric.Polarity;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class HtmlReportRendererTest {

    private static final String ATTACK = "<script>alert('x')</script>\" onload=\"alert(1)";
    private static final Instant GENERATED = Instant.parse("2026-12-01T08:30:00Z");

    private static Report report(String subject, String agent) {
        List<KeyFigure> figures = List.of(
                KeyFigure.compared("Calls", ValueType.COUNT, Cell.number(1234), Cell.number(1000), new BigDecimal("23.4"), Polarity.HIGHER_IS_BETTER),
                KeyFigure.compared("Failed transcriptions", ValueType.COUNT, Cell.number(8), Cell.number(10), new BigDecimal("-20"),
                        Polarity.LOWER_IS_BETTER),
                KeyFigure.compared("Cost (EUR)", ValueType.MONEY, Cell.money(Money.of("12.30", "EUR")), Cell.money(Money.of("10.00", "EUR")),
                        new BigDecimal("23"), Polarity.LOWER_IS_BETTER),
                KeyFigure.of("Success rate", ValueType.PERCENT, Cell.number(new BigDecimal("87.5"))));
        List<Chart.TimeSeries.Point> points = new ArrayList<>();
        List<List<Cell>> daily = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            BigDecimal value = day == 4 ? null : BigDecimal.valueOf(day * 3L);
            points.add(new Chart.TimeSeries.Point(LocalDate.of(2026, 11, day), value));
            daily.add(List.of(Cell.day(LocalDate.of(2026, 11, day)), Cell.number(value)));
        }
        Table agents = Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT), Column.of("Cost", ValueType.MONEY),
                        Column.of("Last call", ValueType.DATETIME)),
                List.of(List.of(Cell.text(agent), Cell.number(3), Cell.money(Money.of("1234.5", "USD")), Cell.moment(Instant.parse("2026-11-02T13:03:07Z"))),
                        List.of(Cell.text("שלום"), Cell.number(1), Cell.EMPTY, Cell.EMPTY)));
        Chart.MultiSeries multi = new Chart.MultiSeries("Calls and completed", ValueType.COUNT, Chart.TimeSeries.Style.LINE,
                Chart.TimeSeries.Granularity.DAY, points.stream().map(point -> point.at()).toList(),
                List.of(new Chart.MultiSeries.Series(agent, points.stream().map(Chart.TimeSeries.Point::value).toList()),
                        new Chart.MultiSeries.Series("completed", points.stream().map(point -> BigDecimal.ONE).toList())));
        return new Report(Kinds.ACTIVITY, "Call activity", subject, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
                TimeZoneId.of("Europe/Berlin"), GENERATED, new Report.Brand("Acme & Co", BrandColour.DEFAULT), List.of("A note: 1 < 2"), figures,
                List.of(new Section("Daily calls", List.of(new Chart.TimeSeries("Calls per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR,
                                Chart.TimeSeries.Granularity.DAY, points), Table.of(List.of(Column.of("Date", ValueType.DATE),
                                Column.of("Calls", ValueType.COUNT)), daily))),
                        new Section("Agent performance", List.of(new Chart.Breakdown("Calls by agent", ValueType.COUNT,
                                List.of(new Chart.Breakdown.Bar(agent, BigDecimal.TEN), new Chart.Breakdown.Bar("bo", BigDecimal.ONE))), agents, multi)),
                        new Section("Outcomes", List.of(new Chart.Breakdown("Calls by outcome", ValueType.COUNT, List.of()),
                                Table.of(List.of(Column.of("Outcome", ValueType.TEXT)), List.of())))));
    }

    private static String render(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = new HtmlReportRenderer().render(report, new RenderOptions(false, PaperSize.A4), out);
        assertThat(rows).isEqualTo(12);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int count(String html, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(html);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    @Test
    void escapesEveryValueSoThatNoScriptOrAttributeGetsIn() throws IOException {
        String html = render(report(ATTACK, ATTACK));

        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("onload=\"");
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onload=&quot;alert(1)";
        // the subject in the title and the meta; the agent in a table cell, a breakdown bar's tooltip and the legend
        assertThat(count(html, Pattern.quote(escaped))).isEqualTo(5);
        assertThat(html).contains("<title>Call activity – " + escaped + "</title>");
        assertThat(html).contains("<td dir=\"auto\">" + escaped + "</td>");
        assertThat(html).contains("Acme &amp; Co").contains("A note: 1 &lt; 2");
    }

    @Test
    void isOnePageWithoutAnythingToFetch() throws IOException {
        String html = render(report("Acme", "ana"));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
        assertThat(html).doesNotContain("src=").doesNotContain("href=").doesNotContain("url(").doesNotContain("@import");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
    }

    @Test
    void showsWhatThePdfShows() throws IOException {
        String html = render(report("Acme", "ana"));

        assertThat(html).contains("<dd class=\"strong\">Acme</dd>").contains("1 Nov 2026 – 30 Nov 2026").contains("Europe/Berlin")
                .contains("1 Dec 2026, 09:30");
        // cards: the value, the trend coloured by what is good news, the previous value
        assertThat(html).contains("<div class=\"value\">1,234</div><div class=\"trend\"><span class=\"good\">▲ 23.4 %</span>"
                + " <span class=\"previous\">prev. 1,000</span>");
        assertThat(html).contains("<span class=\"good\">▼ 20.0 %</span>");
        assertThat(html).contains("<span class=\"bad\">▲ 23.0 %</span> <span class=\"previous\">prev. EUR 10.00</span>");
        assertThat(html).contains("<div class=\"value\">87.5 %</div></div>");
        // nine bars for ten days, one without a value; value labels on them
        String daily = html.substring(html.indexOf("Calls per day"), html.indexOf("</svg>", html.indexOf("Calls per day")));
        assertThat(count(daily, "<rect ")).isEqualTo(9);
        assertThat(daily).contains(">30</text>").contains("<title>10 Nov: 30</title>");
        // the line chart: a legend, a gap where a value is missing (two runs), one line for the other series
        String lines = html.substring(html.indexOf("Calls and completed"), html.indexOf("</figure>", html.indexOf("Calls and completed")));
        assertThat(lines).contains("<div class=\"legend\"><span><i style=\"background:#6d28d9\"></i>ana</span>");
        assertThat(count(lines, "<polyline ")).isEqualTo(3);
        // tables: numbers right-aligned, money with its currency, times in the report's zone, "—" for none
        assertThat(html).contains("<tr><td dir=\"auto\">ana</td><td class=\"num\">3</td><td class=\"num\">USD 1,234.50</td><td>2026-11-02 14:03:07</td></tr>");
        assertThat(html).contains("<tr><td dir=\"auto\">שלום</td><td class=\"num\">1</td><td class=\"num\">—</td><td>—</td></tr>");
        assertThat(html).contains("<tr><td>2026-11-04</td><td class=\"num\">—</td></tr>");
        // an empty breakdown and an empty table: one "No data"
        String outcomes = html.substring(html.indexOf("<h2>Outcomes</h2>"));
        assertThat(count(outcomes, "No data for this period\\.")).isEqualTo(1);
        assertThat(outcomes).doesNotContain("<table>");
    }

    @Test
    void leavesOutWhatHtmlCannotHold() {
        assertThat(Html.escape("a\u0000b\u0007c\td\ne\u007f\u009ff")).isEqualTo("abc\td\nef");
        assertThat(Html.escape("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(Html.escape("\uDC00")).isEqualTo("\uFFFD");
        assertThat(Html.escape("😀 王")).isEqualTo("😀 王");
        assertThat(Html.escape("'\"&<>")).isEqualTo("&#39;&quot;&amp;&lt;&gt;");
    }

    /** Writes a sample page to look at: {@code -Dhtml.samples=/tmp}. */
    @Test
    @EnabledIfSystemProperty(named = "html.samples", matches = ".+")
    void writesASample() throws IOException {
        try (OutputStream out = Files.newOutputStream(Path.of(System.getProperty("html.samples"), "html-sample.html"))) {
            new HtmlReportRenderer().render(report("Café São Paulo", "ana"), new RenderOptions(false, PaperSize.A4), out);
        }
    }
}
