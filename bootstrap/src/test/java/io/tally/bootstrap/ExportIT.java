package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.tally.application.port.in.report.RunExportJobsUseCase;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports and exports through HTTP: every file is parsed back (CSV with a CSV parser, PDF with PDFBox's text
 * extraction, JSON with a JSON parser, XLSX with fastexcel's reader, HTML as text) and its figures compared with values worked out by hand below.
 *
 * <p>The fixture, relative to the test clock: customer "warsaw" (王小明 & Ærøskøbing Łódź, Europe/Warsaw, UTC+1 in
 * winter, UTC+2 in summer). The report period is the 30 local days P … P+29 around Warsaw's latest change of clocks
 * at least a week ago, which falls on P+24 (as 25 October does in 1–30 October): days P to P+23 are on the offset
 * before the change, P+25 to P+30 on the one after. (A change either way is at most about seven months old, so the
 * fixture stays well inside the 400-day late-arrival window; the latest change to winter time alone could be too old
 * for it.) The previous period is the 30 days before P. Calls, in Warsaw time, with UTC for +02:00 or +01:00:
 * <pre>
 *   local time    UTC                 outcome    agent                          duration  cost
 *   P−16 14:00    the same day        completed  x                              10        -        (previous period)
 *   P 00:30       P−1, 22:30 or 23:30 -2+3       ＝1                            45        -
 *   P+4 10:00     the same day        completed  =HYPERLINK("http://evil","x")  60        0.50 USD
 *   P+4 11:00     the same day        completed  @SUM(1)                        120       1.25 USD
 *   P+5 12:00     the same day        failed     @SUM(1)                        30        0.25 USD
 *   P+6 00:30     P+5, 22:30 or 23:30 completed  Ærøskøbing Łódź                90        2.00 EUR
 *   P+30 00:30    P+29, inside it     completed  late                           100       -        (after the period)
 * </pre>
 * So in the period: 5 calls, 3 completed, success rate 60.00 %, mean duration 345 / 5 = 69.00 s, cost 2.00 USD
 * and 2.00 EUR; the previous period: 1 call, 1 completed, 100.00 %, 10 s. Growth: calls (5 − 1) / 1 = 400.00 %,
 * completed 200.00 %, success rate −40.00 %.
 */
@MicronautTest(transactional = false)
class ExportIT extends ApiTestSupport {

    static final String NAME = "王小明 & Ærøskøbing Łódź";
    static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    /** Warsaw's latest change of clocks, either way, at least a week ago: the day after the period is over too. */
    static final ZoneOffsetTransition CHANGE = TestClock.lastClockChange(WARSAW, Duration.ofDays(7));
    static final LocalDate P = CHANGE.getDateTimeBefore().toLocalDate().minusDays(24);
    static final LocalDate LAST = P.plusDays(29);
    static final String PERIOD = "from=" + P + "&to=" + LAST;
    static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    @Inject
    RunExportJobsUseCase jobs;

    String analyst;
    int sequence;

    @BeforeEach
    void load() {
        analyst = Tokens.user(tenant, "analyst");
        customer("warsaw", NAME, "Europe/Warsaw");
        call("warsaw", warsaw(P.minusDays(16), "14:00"), "completed", "x", 10, null, null);
        call("warsaw", warsaw(P, "00:30"), "-2+3", "＝1", 45, null, null);
        call("warsaw", warsaw(P.plusDays(4), "10:00"), "completed", "=HYPERLINK(\"http://evil\",\"x\")", 60, "0.50", "USD");
        call("warsaw", warsaw(P.plusDays(4), "11:00"), "completed", "@SUM(1)", 120, "1.25", "USD");
        call("warsaw", warsaw(P.plusDays(5), "12:00"), "failed", "@SUM(1)", 30, "0.25", "USD");
        call("warsaw", warsaw(P.plusDays(6), "00:30"), "completed", "Ærøskøbing Łódź", 90, "2.00", "EUR");
        call("warsaw", warsaw(P.plusDays(30), "00:30"), "completed", "late", 100, null, null);
    }

    /** A Warsaw local time as an RFC 3339 UTC time. */
    static String warsaw(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(WARSAW).toInstant().toString();
    }

    void customer(String id, String name, String timezone) {
        Api.Reply reply = api.put("/internal/v1/customers/" + id, Tokens.service(tenant, "customers:write"),
                api.json(Map.of("display_name", name, "timezone", timezone)));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    void call(String customer, String time, String outcome, String agent, int duration, String cost, String currency) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome);
        data.put("agent", agent);
        data.put("duration_s", duration);
        if (cost != null) {
            data.put("cost", new java.math.BigDecimal(cost));
            data.put("currency", currency);
        }
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"),
                Events.event("c-" + (sequence++), "fixture", "call", customer, time, data));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static List<List<String>> parse(byte[] csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    /** The rows under a section's name, up to the next blank row; the first is the header. */
    static List<List<String>> section(List<List<String>> rows, String name) {
        int at = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() == 1 && rows.get(i).getFirst().equals(name)) {
                at = i;
            }
        }
        assertThat(at).as("section " + name).isGreaterThanOrEqualTo(0);
        List<List<String>> out = new ArrayList<>();
        for (int i = at + 1; i < rows.size() && !(rows.get(i).size() == 1 && rows.get(i).getFirst().isEmpty()); i++) {
            out.add(rows.get(i));
        }
        return out;
    }

    static List<String> row(List<List<String>> rows, String first) {
        return rows.stream().filter(r -> r.getFirst().equals(first)).findFirst().orElseThrow(() -> new AssertionError("no row " + first));
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void activityCsvHasTheFiguresWorkedOutByHandAndInertFormulas() throws IOException {
        Api.Binary file = api.download("/api/v1/customers/warsaw/reports/activity?format=csv&" + PERIOD, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("text/csv");
        assertThat(file.body()[0]).as("no BOM unless asked").isNotEqualTo((byte) 0xEF);
        List<List<String>> rows = parse(file.body());

        assertThat(row(rows, "Subject")).containsExactly("Subject", NAME);
        assertThat(row(rows, "Timezone")).containsExactly("Timezone", "Europe/Warsaw");
        assertThat(row(rows, "Period from").get(1)).isEqualTo(P.toString());
        assertThat(row(rows, "Period to").get(1)).isEqualTo(LAST.toString());

        List<List<String>> figures = section(rows, "Key figures");
        assertThat(row(figures, "Calls").subList(1, 5)).containsExactly("5", "count", "1", "400.00");
        assertThat(row(figures, "Completed calls").subList(1, 5)).containsExactly("3", "count", "1", "200.00");
        assertThat(row(figures, "Success rate").subList(1, 5)).containsExactly("60.00", "percent", "100.00", "-40.00");
        assertThat(row(figures, "Average call duration").subList(1, 4)).containsExactly("69.00", "seconds", "10.00");
        assertThat(row(figures, "Call cost (EUR)").subList(1, 3)).containsExactly("2.00", "EUR");
        assertThat(row(figures, "Call cost (USD)").subList(1, 3)).containsExactly("2.00", "USD");

        List<List<String>> outcomes = section(rows, "Calls by outcome");
        assertThat(outcomes.getFirst()).containsExactly("Outcome", "Calls", "Share %");
        assertThat(outcomes.subList(1, outcomes.size())).containsExactly(
                List.of("completed", "3", "60.00"), List.of("'-2+3", "1", "20.00"), List.of("failed", "1", "20.00"));

        List<List<String>> agents = section(rows, "Agent performance");
        assertThat(agents.subList(1, agents.size())).containsExactly(
                List.of("'@SUM(1)", "2", "1", "50.00"),
                List.of("'=HYPERLINK(\"http://evil\",\"x\")", "1", "1", "100.00"),
                List.of("Ærøskøbing Łódź", "1", "1", "100.00"),
                List.of("'＝1", "1", "0", "0.00"));

        List<List<String>> daily = section(rows, "Daily calls");
        assertThat(daily).hasSize(31);
        assertThat(row(daily, P.toString()).get(1)).isEqualTo("1");
        assertThat(row(daily, P.plusDays(4).toString()).get(1)).isEqualTo("2");
        assertThat(row(daily, P.plusDays(5).toString()).get(1)).isEqualTo("1");
        assertThat(row(daily, P.plusDays(6).toString()).get(1)).isEqualTo("1");
        assertThat(row(daily, LAST.toString()).get(1)).isEqualTo("0");

        String raw = file.text();
        for (String line : raw.split("\r\n")) {
            assertThat(line).doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("＝");
            assertThat(line).doesNotContain(",=").doesNotContain(",@").doesNotContain(",-2").doesNotContain(",＝")
                    .doesNotContain(",\"=").doesNotContain(",\"@");
        }
    }

    @Test
    void activityPdfAndJsonCarryTheSameFigures() throws IOException {
        Api.Binary pdf = api.download("/api/v1/customers/warsaw/reports/activity?format=pdf&paper=letter&" + PERIOD, analyst);
        assertThat(pdf.status()).as(pdf.text()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
        String text = pdfText(pdf.body());
        assertThat(text).contains("王小明").contains("Ærøskøbing Łódź").contains("Call activity").contains("Europe/Warsaw")
                .contains("Calls by outcome").contains("Agent performance").contains("@SUM(1)").contains("60.0").contains("69.0")
                .containsPattern("Page 1 of \\d+");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getPage(0).getMediaBox().getWidth()).isEqualTo(612f);
            assertThat(document.getDocumentInformation().getTitle()).contains("Call activity");
            assertThat(document.getDocumentInformation().getSubject()).isEqualTo(NAME);
        }

        Api.Reply json = api.get("/api/v1/customers/warsaw/reports/activity?format=json&" + PERIOD, analyst);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        Map<String, Object> report = json.map();
        assertThat(report.get("report")).isEqualTo("activity");
        assertThat(report.get("subject")).isEqualTo(NAME);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> figures = (List<Map<String, Object>>) report.get("key_figures");
        assertThat(figures.getFirst()).containsEntry("label", "Calls");
        assertThat(new java.math.BigDecimal(figures.getFirst().get("value").toString())).isEqualByComparingTo("5");
        assertThat(new java.math.BigDecimal(figures.getFirst().get("growth_pct").toString())).isEqualByComparingTo("400");
    }

    /** The workbook's sheets by name, each as its rows (blank rows left out). */
    static Map<String, List<Row>> workbook(byte[] xlsx) throws IOException {
        Map<String, List<Row>> sheets = new LinkedHashMap<>();
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
            for (Sheet sheet : book.getSheets().toList()) {
                sheets.put(sheet.getName(), sheet.read());
            }
        }
        return sheets;
    }

    static Row xlsxRow(List<Row> rows, String first) {
        return rows.stream().filter(r -> first.equals(r.getCellText(0))).findFirst().orElseThrow(() -> new AssertionError("no row " + first));
    }

    @Test
    void activityXlsxHasTheCsvsFiguresAsNumbersDatesAndText() throws IOException {
        Api.Binary file = api.download("/api/v1/customers/warsaw/reports/activity?format=xlsx&" + PERIOD, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(file.header("Content-Disposition")).contains(".xlsx\"");
        Map<String, List<Row>> sheets = workbook(file.body());

        assertThat(sheets.keySet()).containsExactly("Summary", "Calls by outcome", "Agent performance", "Daily calls");
        List<Row> summary = sheets.get("Summary");
        assertThat(xlsxRow(summary, "Subject").getCellText(1)).isEqualTo(NAME);
        assertThat(xlsxRow(summary, "Period from").getCell(1).asDate()).isEqualTo(P.atStartOfDay());
        Row calls = xlsxRow(summary, "Calls");
        assertThat(calls.getCell(1).getType()).isEqualTo(CellType.NUMBER);
        assertThat(calls.getCell(1).asNumber()).isEqualByComparingTo("5");
        assertThat(calls.getCell(3).asNumber()).isEqualByComparingTo("1");
        assertThat(calls.getCell(4).asNumber()).isEqualByComparingTo("4");
        assertThat(calls.getCell(4).getDataFormatString()).isEqualTo("0.00%");
        Row rate = xlsxRow(summary, "Success rate");
        assertThat(rate.getCell(1).asNumber()).isEqualByComparingTo("0.6");
        assertThat(rate.getCell(1).getDataFormatString()).isEqualTo("0.00%");
        Row usd = xlsxRow(summary, "Call cost (USD)");
        assertThat(usd.getCell(1).asNumber()).isEqualByComparingTo("2.00");
        assertThat(usd.getCellText(2)).isEqualTo("USD");

        List<Row> agents = sheets.get("Agent performance");
        Row hyperlink = xlsxRow(agents, "=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(hyperlink.getCell(0).getType()).isEqualTo(CellType.STRING);
        assertThat(hyperlink.getCell(0).getFormula()).isNull();
        assertThat(xlsxRow(agents, "@SUM(1)").getCell(1).asNumber()).isEqualByComparingTo("2");
        assertThat(xlsxRow(agents, "＝1").getCell(3).asNumber()).isEqualByComparingTo("0");

        List<Row> daily = sheets.get("Daily calls");
        assertThat(daily.get(1).getCellText(0)).isEqualTo("Date");
        assertThat(daily.get(2).getCell(0).asDate()).isEqualTo(P.atStartOfDay());
        assertThat(daily.get(2).getCell(0).getDataFormatString()).isEqualTo("yyyy-mm-dd");
        assertThat(daily.get(6).getCell(1).asNumber()).as("P+4").isEqualByComparingTo("2");
        assertThat(daily).hasSize(2 + 30);
    }

    @Test
    void activityHtmlIsOnePageWithEveryValueEscaped() {
        Api.Binary file = api.download("/api/v1/customers/warsaw/reports/activity?format=html&" + PERIOD, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(file.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(file.header("Content-Disposition")).startsWith("attachment;").contains(".html\"");
        String html = file.text();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Call activity</h1>")
                .contains("<dd class=\"strong\">王小明 &amp; Ærøskøbing Łódź</dd>")
                .contains("<td dir=\"auto\">=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</td>")
                .contains("<div class=\"value\">60.00 %</div>").contains("<svg").doesNotContain("<script");
    }

    @Test
    void usageHistoryXlsxIsOnePlainTableWithRealTimes() throws IOException {
        Api.Binary file = api.download("/api/v1/customers/warsaw/usage/history/export?format=xlsx&" + PERIOD, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        Map<String, List<Row>> sheets = workbook(file.body());
        assertThat(sheets.keySet()).containsExactly("Events");
        List<Row> rows = sheets.get("Events");
        assertThat(rows).hasSize(1 + 5);
        Row header = rows.getFirst();
        assertThat(header.getCellText(0)).isEqualTo("occurred_at (Europe/Warsaw)");
        List<String> names = new ArrayList<>();
        for (int c = 0; c < header.getCellCount(); c++) {
            names.add(header.getCellText(c));
        }
        int agent = names.indexOf("agent");
        int cost = names.indexOf("cost");
        assertThat(rows.get(1).getCell(0).asDate()).isEqualTo(P.atTime(0, 30));
        assertThat(rows.get(1).getCellText(agent)).isEqualTo("＝1");
        assertThat(rows.get(2).getCell(cost).getType()).isEqualTo(CellType.NUMBER);
        assertThat(rows.get(2).getCell(cost).asNumber()).isEqualByComparingTo("0.5");
        assertThat(rows.get(5).getCell(0).asDate()).isEqualTo(P.plusDays(6).atTime(0, 30));
    }

    @Test
    void theTenantsLocalePicksThePaperUnlessTheRequestNamesIt() throws IOException {
        String owner = Tokens.user(tenant, "owner");
        String path = "/api/v1/customers/warsaw/reports/usage-summary?format=pdf&days=7";
        assertThat(pageWidth(api.download(path, analyst).body())).as("a new tenant is en-US: Letter").isEqualTo(612f);

        Api.Reply german = api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"UTC\", \"currency\": \"EUR\", \"locale\": \"de-DE\"}");
        assertThat(german.status()).as(german.body()).isEqualTo(200);
        assertThat(german.map().get("locale")).isEqualTo("de-DE");
        assertThat(pageWidth(api.download(path, analyst).body())).as("de-DE: A4").isCloseTo(595.28f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(pageWidth(api.download(path + "&paper=letter", analyst).body())).isEqualTo(612f);

        Api.Reply bad = api.put("/api/v1/tenant/settings", owner, "{\"timezone\": \"UTC\", \"currency\": \"EUR\", \"locale\": \"not a locale\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors().getFirst()).containsEntry("field", "locale");
        assertThat(api.get(path + "&paper=a5", analyst).errors().getFirst()).containsEntry("field", "paper");
    }

    static float pageWidth(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getPage(0).getMediaBox().getWidth();
        }
    }

    @Test
    void anEmptyPeriodGivesNoDataSectionsNotErrors() throws IOException {
        // the month thirteen months ago: long before every fixture (at most about ten months old)
        LocalDate month = TestClock.monthStart(13, WARSAW);
        String empty = "from=" + month + "&to=" + month.plusMonths(1).minusDays(1);
        Api.Binary csv = api.download("/api/v1/customers/warsaw/reports/activity?format=csv&" + empty, analyst);
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        List<List<String>> rows = parse(csv.body());
        assertThat(section(rows, "Agent performance")).contains(List.of("No data"));
        Api.Binary pdf = api.download("/api/v1/customers/warsaw/reports/activity?format=pdf&" + empty, analyst);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdfText(pdf.body())).contains("No data");
        Api.Binary summary = api.download("/api/v1/customers/warsaw/reports/usage-summary?format=pdf&" + empty, analyst);
        assertThat(summary.status()).as(summary.text()).isEqualTo(200);
    }

    @Test
    void filenamesThatAttackTheHeaderAreDefused() {
        customer("evil", "a\"; filename=evil.exe", "UTC");
        Api.Binary file = api.download("/api/v1/customers/evil/reports/usage-summary?format=csv&days=7", analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        String disposition = file.header("Content-Disposition");
        String today = TestClock.today(ZoneOffset.UTC).toString().replace("-", "");
        assertThat(disposition).isEqualTo("attachment; filename=\"usage-summary_a_filename_evil_exe_" + today + ".csv\"; "
                + "filename*=UTF-8''usage-summary_a_filename%3Devil_exe_" + today + ".csv");
        // another report of the same customer on the same day gets another name
        String activity = api.download("/api/v1/customers/evil/reports/activity?format=csv&days=7", analyst).header("Content-Disposition");
        assertThat(activity).startsWith("attachment; filename=\"activity_a_filename_evil_exe_" + today + ".csv\"");

        customer("dots", "..\\..\\x", "UTC");
        String dots = api.download("/api/v1/customers/dots/reports/usage-summary?format=pdf&days=7", analyst).header("Content-Disposition");
        assertThat(dots).startsWith("attachment; filename=\"usage-summary_x_" + today + ".pdf\"");

        String cjk = api.download("/api/v1/customers/warsaw/reports/usage-summary?format=json&days=7", analyst).header("Content-Disposition");
        assertThat(cjk).contains("filename*=UTF-8''usage-summary_%E7%8E%8B%E5%B0%8F%E6%98%8E_&_%C3%86r%C3%B8sk%C3%B8bing_%C5%81%C3%B3d%C5%BA_");
        assertThat(cjk).contains("filename=\"usage-summary_Aroskobing_Lodz_").doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void usageHistoryCsvIsOneFlatTableInTheCustomersTimezone() throws IOException {
        Api.Binary file = api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&bom=true&" + PERIOD, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        assertThat(file.body()[0]).isEqualTo((byte) 0xEF);
        List<List<String>> rows = parse(java.util.Arrays.copyOfRange(file.body(), 3, file.body().length));
        List<String> header = rows.getFirst();
        assertThat(header.getFirst()).contains("occurred_at").contains("Europe/Warsaw");
        assertThat(header).contains("type", "source", "id", "agent", "outcome", "currency", "cost", "duration_s");
        assertThat(rows).hasSize(1 + 5);
        int agent = header.indexOf("agent");
        int cost = header.indexOf("cost");
        // in Warsaw time with the offset of the first week: +02:00 before a change to winter time, +01:00 before one to summer time
        assertThat(rows.get(1).getFirst()).isEqualTo(P + "T00:30:00" + CHANGE.getOffsetBefore());
        assertThat(rows.get(1).get(agent)).isEqualTo("'＝1");
        assertThat(rows.get(1).get(cost)).isEmpty();
        assertThat(rows.get(2).get(agent)).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(rows.get(2).get(cost)).isEqualTo("0.5");
        assertThat(rows.get(5).getFirst()).isEqualTo(P.plusDays(6) + "T00:30:00" + CHANGE.getOffsetBefore());
    }

    /**
     * The history's values as PostgreSQL holds them, through the binary COPY the export reads: numbers of any scale and size
     * as their text, texts with separators, quotes, line breaks, formulas and any script, microseconds, a value of the
     * wrong kind left empty; and the export that follows a client gone midway is whole (the connection left clean).
     */
    @Test
    void usageHistoryCsvCarriesEveryValueAsPostgresHoldsIt() throws Exception {
        customer("probe", "Probe", "Europe/Warsaw");
        LocalDate day = BULK_DAY.minusDays(3);
        OffsetDateTime start = day.atTime(10, 0).atZone(WARSAW).toOffsetDateTime();
        String[][] events = {
                // offset from 10:00 in microseconds, data
                {"123456", "{\"label\": \"plain\", \"amount\": 0}"},
                {"1000000", "{\"label\": \"a,b \\\"quoted\\\"\\nline\", \"amount\": 0.00}"},
                {"2500000", "{\"label\": \"=1+2\", \"amount\": -12.50}"},
                {"3000001", "{\"label\": \"王小明 😀 Łódź\", \"amount\": 1e-7}"},
                {"4000000", "{\"label\": \"\", \"amount\": 12345678901234567890.123456789}"},
                {"5000000", "{\"amount\": 1e20}"},
                {"6000000", "{\"label\": 5, \"amount\": \"7\"}"},
                {"7000000", "{\"label\": \"-5\", \"amount\": -0.0001}"}};
        try (Connection db = TestDb.connect()) {
            try (PreparedStatement partition = db.prepareStatement("SELECT usage_event_ensure_partition(?::timestamptz)")) {
                partition.setObject(1, start);
                partition.execute();
            }
            try (PreparedStatement schema = db.prepareStatement("""
                    INSERT INTO usage_event_schema (tenant_id, type, name, kind, first_seen)
                    SELECT t.tenant_id, 'probe', n.nm, n.kd, now() FROM tenant t, (VALUES ('label', 'dimension'), ('amount', 'measure')) n (nm, kd)
                     WHERE t.tenant_key = ?""")) {
                schema.setString(1, tenant);
                schema.execute();
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                    SELECT t.tenant_id, ?::timestamptz + ? * interval '1 microsecond', c.customer_id, 'probe', 'probes', 'p-' || ?,
                           ?::jsonb, ?::timestamptz
                      FROM tenant t JOIN customer c ON c.tenant_id = t.tenant_id WHERE t.tenant_key = ? AND c.external_id = 'probe'""")) {
                for (int i = 0; i < events.length; i++) {
                    insert.setObject(1, start);
                    insert.setLong(2, Long.parseLong(events[i][0]));
                    insert.setInt(3, i);
                    insert.setString(4, events[i][1]);
                    insert.setObject(5, start.plusMinutes(1));
                    insert.setString(6, tenant);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
        }
        String url = "/api/v1/customers/probe/usage/history/export?format=csv&from=" + day + "&to=" + day;
        // a client that reads the first bytes of a long export and goes away
        bulkEvents("probe", 30_000);
        String bulkUrl = "/api/v1/customers/probe/usage/history/export?format=csv&from=" + BULK_DAY + "&to=" + BULK_DAY;
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<java.io.InputStream> cut = client.send(java.net.http.HttpRequest.newBuilder(
                    api.uri(bulkUrl)).header("Authorization", "Bearer " + analyst).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = cut.body()) {
                assertThat(body.readNBytes(1000)).hasSize(1000);
            }
        }

        Api.Binary file = api.download(url, analyst);
        assertThat(file.status()).as(file.text()).isEqualTo(200);
        List<List<String>> rows = parse(file.body());
        assertThat(rows.getFirst()).containsExactly("occurred_at (Europe/Warsaw)", "type", "source", "id", "label", "amount",
                "received_at (Europe/Warsaw)");
        String offset = start.getOffset().getId();
        String received = day + "T10:01:00" + offset;
        assertThat(rows.subList(1, rows.size())).containsExactly(
                List.of(day + "T10:00:00.123456" + offset, "probe", "probes", "p-0", "plain", "0", received),
                List.of(day + "T10:00:01" + offset, "probe", "probes", "p-1", "a,b \"quoted\"\nline", "0.00", received),
                List.of(day + "T10:00:02.5" + offset, "probe", "probes", "p-2", "'=1+2", "-12.50", received),
                List.of(day + "T10:00:03.000001" + offset, "probe", "probes", "p-3", "王小明 😀 Łódź", "0.0000001", received),
                List.of(day + "T10:00:04" + offset, "probe", "probes", "p-4", "", "12345678901234567890.123456789", received),
                List.of(day + "T10:00:05" + offset, "probe", "probes", "p-5", "", "100000000000000000000", received),
                List.of(day + "T10:00:06" + offset, "probe", "probes", "p-6", "", "", received),
                List.of(day + "T10:00:07" + offset, "probe", "probes", "p-7", "'-5", "-0.0001", received));
        // and each number is the text PostgreSQL shows for it
        try (Connection db = TestDb.connect(); PreparedStatement numbers = db.prepareStatement("""
                SELECT coalesce(CASE WHEN jsonb_typeof(e.data -> 'amount') = 'number' THEN (e.data ->> 'amount')::numeric::text END, '')
                  FROM usage_event e JOIN customer c ON c.customer_id = e.customer_id AND c.tenant_id = e.tenant_id
                  JOIN tenant t ON t.tenant_id = e.tenant_id
                 WHERE t.tenant_key = ? AND c.external_id = 'probe' AND e.type = 'probe' ORDER BY e.occurred_at""")) {
            numbers.setString(1, tenant);
            List<String> expected = new ArrayList<>();
            try (java.sql.ResultSet result = numbers.executeQuery()) {
                while (result.next()) {
                    expected.add(result.getString(1));
                }
            }
            assertThat(rows.subList(1, rows.size()).stream().map(row -> row.get(5)).toList()).isEqualTo(expected);
        }
        // the long export, read whole after the cut ones, is all there
        Api.Binary bulk = api.download(bulkUrl, analyst);
        assertThat(parse(bulk.body())).hasSize(1 + 30_000);
    }

    @Test
    void aUsageHistoryPdfOverFiftyThousandRowsIsRefusedWithAPointerToCsv() throws SQLException {
        bulkEvents("warsaw", 50_001);
        // the 31 days around the bulk day, long before the other fixtures
        String month = "from=" + BULK_DAY.minusDays(9) + "&to=" + BULK_DAY.plusDays(21);
        Api.Reply refused = api.get("/api/v1/customers/warsaw/usage/history/export?format=pdf&" + month, analyst);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.map().get("detail").toString()).contains("50000").contains("format=csv|xlsx");
        Api.Reply page = api.get("/api/v1/customers/warsaw/usage/history/export?format=html&" + month, analyst);
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.map().get("detail").toString()).contains("HTML page");

        Api.Binary csv = api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&" + month, analyst);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text().split("\r\n")).hasSize(1 + 50_001);
    }

    /** The day of {@link #bulkEvents}: 52 days before the period (10 August before 1 October). */
    static final LocalDate BULK_DAY = P.minusDays(52);

    /** Events written straight into the table (no rollups: the history reads raw events), one a second from 00:00 UTC of {@link #BULK_DAY}. */
    void bulkEvents(String customer, int count) throws SQLException {
        OffsetDateTime start = BULK_DAY.atStartOfDay().atOffset(ZoneOffset.UTC);
        try (Connection db = TestDb.connect()) {
            try (PreparedStatement partition = db.prepareStatement("SELECT usage_event_ensure_partition(?::timestamptz)")) {
                partition.setObject(1, start);
                partition.execute();
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO usage_event (tenant_id, occurred_at, customer_id, type, source, event_id, data, received_at)
                    SELECT t.tenant_id, ?::timestamptz + g * interval '1 second', c.customer_id, 'call', 'bulk',
                           'b-' || g, '{"outcome": "completed"}'::jsonb, ?
                      FROM tenant t JOIN customer c ON c.tenant_id = t.tenant_id, generate_series(1, ?) g
                     WHERE t.tenant_key = ? AND c.external_id = ?""")) {
                insert.setObject(1, start);
                insert.setObject(2, OffsetDateTime.ofInstant(TestClock.now(), ZoneOffset.UTC));
                insert.setInt(3, count);
                insert.setString(4, tenant);
                insert.setString(5, customer);
                assertThat(insert.executeUpdate()).isEqualTo(count);
            }
        }
    }

    @Test
    void whoMayExport() {
        String path = "/api/v1/customers/warsaw/reports/activity?format=csv&" + PERIOD;
        assertThat(api.get(path, Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
        assertThat(api.get(path, Tokens.customerUser(tenant, List.of("warsaw"), "viewer")).status()).isEqualTo(200);
        assertThat(api.get(path, Tokens.customerUser(tenant, List.of("other"), "viewer")).status()).isEqualTo(404);
        assertThat(api.get(path, Tokens.user(Tokens.freshTenant(), "owner")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reports/billing-summary?format=csv", Tokens.customerUser(tenant, List.of("warsaw"), "analyst")).status())
                .isEqualTo(403);
        assertThat(api.get(path, null).status()).isEqualTo(401);
        Api.Reply badFormat = api.get("/api/v1/customers/warsaw/reports/activity?format=docx", analyst);
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.errors().getFirst()).containsEntry("field", "format");
        // an unknown report template does not exist; a name no template can have is not a template's name
        assertThat(api.get("/api/v1/customers/warsaw/reports/nonsense?format=csv", analyst).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/warsaw/reports/Non_sense?format=csv", analyst).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/warsaw/reports/activity?format=csv&days=400", analyst).status()).isEqualTo(400);
    }

    @Test
    void exportsAreCountedAndAudited() throws SQLException {
        assertThat(api.download("/api/v1/customers/warsaw/reports/activity?format=csv&" + PERIOD, analyst).status()).isEqualTo(200);
        assertThat(api.download("/api/v1/customers/warsaw/reports/activity?format=pdf&" + PERIOD, analyst).status()).isEqualTo(200);
        assertThat(api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&" + PERIOD, analyst).status()).isEqualTo(200);

        Api.Reply summary = api.get("/api/v1/customers/warsaw/usage/summary?days=1", analyst);
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> figures = (Map<String, Map<String, Object>>) summary.map().get("figures");
        assertThat(figures.get("exports_generated").get("value").toString()).isEqualTo("3");
        assertThat(figures.get("exports_by_format").get("value")).isEqualTo(Map.of("csv", 2, "pdf", 1));

        List<Map<String, Object>> audit = TestDb.auditEntries(tenant).stream().filter(e -> "export.generated".equals(e.get("action"))).toList();
        assertThat(audit).hasSize(3);
        assertThat(audit.stream().map(e -> e.get("target"))).containsExactlyInAnyOrder("activity", "activity", "usage-history");
    }

    @Test
    void asyncExportLifecycle() throws Exception {
        String body = api.json(Map.of("report", "usage-history", "customer", "warsaw", "from", P.toString(), "to", LAST.toString(),
                "format", "csv"));
        Api.Reply started = api.post("/api/v1/exports", analyst, "application/json", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.map().get("id").toString();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/exports/" + id);
        assertThat(started.map().get("status")).isIn("queued", "running", "succeeded");

        Map<String, Object> job = started.map();
        for (int i = 0; i < 100 && !"succeeded".equals(job.get("status")); i++) {
            Thread.sleep(100);
            job = api.get("/api/v1/exports/" + id, analyst).map();
            assertThat(job.get("status")).isNotEqualTo("failed");
        }
        assertThat(job.get("status")).isEqualTo("succeeded");
        assertThat(job.get("rows")).isEqualTo(5);
        assertThat(job.get("file_url")).isEqualTo("/api/v1/exports/" + id + "/file");

        Api.Binary file = api.download("/api/v1/exports/" + id + "/file", analyst);
        Api.Binary sync = api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&" + PERIOD, analyst);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).isEqualTo(sync.header("Content-Disposition"));
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(sync.text());
        assertThat(((Number) job.get("bytes")).longValue()).isEqualTo(file.body().length);

        Api.Reply workbook = api.post("/api/v1/exports", analyst, "application/json", body.replace("\"csv\"", "\"xlsx\""));
        assertThat(workbook.status()).as(workbook.body()).isEqualTo(202);
        String xlsxId = workbook.map().get("id").toString();
        Map<String, Object> xlsxJob = workbook.map();
        for (int i = 0; i < 100 && !"succeeded".equals(xlsxJob.get("status")); i++) {
            Thread.sleep(100);
            xlsxJob = api.get("/api/v1/exports/" + xlsxId, analyst).map();
        }
        assertThat(xlsxJob).containsEntry("status", "succeeded").containsEntry("format", "xlsx").containsEntry("rows", 5);
        Api.Binary xlsx = api.download("/api/v1/exports/" + xlsxId + "/file", analyst);
        assertThat(xlsx.header("Content-Type")).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(workbook(xlsx.body()).get("Events")).hasSize(1 + 5);

        String stranger = Tokens.user(Tokens.freshTenant(), "admin");
        assertThat(api.get("/api/v1/exports/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exports/" + id + "/file", stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exports/" + id + "/file", Tokens.user(tenant, "viewer")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/exports/" + id + "/file", Tokens.customerUser(tenant, List.of("other"), "analyst")).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/exports/" + id + "/file", Tokens.customerUser(tenant, List.of("warsaw"), "viewer")).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/exports/not-a-uuid", analyst).status()).isEqualTo(400);

        try (Connection db = TestDb.connect(); PreparedStatement past = db.prepareStatement(
                "UPDATE export_job SET expires_at = ? WHERE job_id = ?::uuid")) {
            past.setObject(1, OffsetDateTime.ofInstant(TestClock.now().minus(Duration.ofMinutes(1)), ZoneOffset.UTC));
            past.setString(2, id);
            assertThat(past.executeUpdate()).isEqualTo(1);
        }
        assertThat(jobs.expireExports()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/api/v1/exports/" + id, analyst).map().get("status")).isEqualTo("expired");
        Api.Reply gone = api.get("/api/v1/exports/" + id + "/file", analyst);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).isEqualTo("application/problem+json");
        try (Connection db = TestDb.connect(); PreparedStatement chunks = db.prepareStatement(
                "SELECT count(*) FROM export_file_chunk WHERE job_id = ?::uuid")) {
            chunks.setString(1, id);
            var rows = chunks.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    /** A node that stopped mid-job leaves it "running" with a stale claim: another poll takes it over and finishes it. */
    @Test
    void anOrphanedJobIsTakenOverAndFinished() throws Exception {
        Api.Reply started = api.post("/api/v1/exports", analyst, "application/json", api.json(Map.of("report", "activity",
                "customer", "warsaw", "from", P.toString(), "to", LAST.toString(), "format", "json")));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.map().get("id").toString();
        awaitStatus(id, "succeeded");
        try (Connection db = TestDb.connect(); PreparedStatement orphan = db.prepareStatement("""
                UPDATE export_job SET status = 'running', claimed_at = ?, row_count = NULL, byte_count = NULL,
                       finished_at = NULL, expires_at = NULL
                 WHERE job_id = ?::uuid""")) {
            orphan.setObject(1, OffsetDateTime.ofInstant(TestClock.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
            orphan.setString(2, id);
            assertThat(orphan.executeUpdate()).isEqualTo(1);
        }
        Map<String, Object> job = awaitStatus(id, "succeeded");
        assertThat(job.get("rows")).isNotNull();
        try (Connection db = TestDb.connect(); PreparedStatement attempts = db.prepareStatement(
                "SELECT attempts FROM export_job WHERE job_id = ?::uuid")) {
            attempts.setString(1, id);
            var rows = attempts.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
        Api.Reply file = api.get("/api/v1/exports/" + id + "/file", analyst);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.map().get("subject")).isEqualTo(NAME);
    }

    Map<String, Object> awaitStatus(String id, String status) throws InterruptedException {
        Map<String, Object> job = Map.of();
        for (int i = 0; i < 150; i++) {
            job = api.get("/api/v1/exports/" + id, analyst).map();
            if (status.equals(job.get("status"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export " + id + " did not reach " + status + ": " + job);
    }

    @Test
    void asyncExportsAreCheckedWhenAsked() {
        Api.Reply unknown = api.post("/api/v1/exports", analyst, "application/json",
                api.json(Map.of("report", "activity", "customer", "nobody", "format", "pdf")));
        assertThat(unknown.status()).isEqualTo(404);
        Api.Reply noCustomer = api.post("/api/v1/exports", analyst, "application/json", api.json(Map.of("report", "activity", "format", "pdf")));
        assertThat(noCustomer.status()).isEqualTo(400);
        assertThat(noCustomer.errors().getFirst()).containsEntry("field", "customer");
        Api.Reply viewer = api.post("/api/v1/exports", Tokens.user(tenant, "viewer"), "application/json",
                api.json(Map.of("report", "billing-summary", "format", "csv")));
        assertThat(viewer.status()).isEqualTo(403);
    }

    @Test
    void exportsAreGzippedWhenTheClientAsksExceptFormatsThatAreCompressedAlready() throws IOException {
        Api.Binary plain = api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&" + PERIOD, analyst);
        Api.Binary gzipped = api.download("/api/v1/customers/warsaw/usage/history/export?format=csv&" + PERIOD, analyst,
                java.util.Map.of("Accept-Encoding", "gzip"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(gzipped.status()).isEqualTo(200);
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        byte[] unzipped;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertThat(unzipped).as("the same bytes as without compression").isEqualTo(plain.body());
        Api.Binary csvReport = api.download("/api/v1/customers/warsaw/reports/activity?format=csv&" + PERIOD, analyst,
                java.util.Map.of("Accept-Encoding", "gzip"));
        assertThat(csvReport.header("Content-Encoding")).isEqualTo("gzip");
        for (String format : java.util.List.of("pdf", "xlsx")) {
            Api.Binary packed = api.download("/api/v1/customers/warsaw/reports/activity?format=" + format + "&" + PERIOD, analyst,
                    java.util.Map.of("Accept-Encoding", "gzip"));
            assertThat(packed.status()).isEqualTo(200);
            assertThat(packed.header("Content-Encoding")).as(format + " is compressed already").isNull();
        }
    }
}
