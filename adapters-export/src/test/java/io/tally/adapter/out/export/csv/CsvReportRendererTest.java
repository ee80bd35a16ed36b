package io.tally.adapter.out.export.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.adapter.out.export.Kinds;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.tally.domain.common.Money;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.PaperSize;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CsvReportRendererTest {

    private static final CsvMapper CSV = new CsvMapper();
    private static final Instant GENERATED = Instant.parse("2026-12-01T08:30:00Z");

    private final CsvReportRenderer renderer = new CsvReportRenderer();

    // ---------------------------------------------------------------- fixtures and helpers

    private static Report report(ReportKind type, String zone, List<String> notes, List<KeyFigure> figures, Section... sections) {
        return new Report(type, Kinds.title(type), "Acme", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), TimeZoneId.of(zone), GENERATED,
                new Report.Brand("Acme", BrandColour.DEFAULT), notes, figures, List.of(sections));
    }

    private static Report summary(Section... sections) {
        return report(Kinds.USAGE_SUMMARY, "Europe/Paris", List.of(), List.of(), sections);
    }

    private static Section section(String title, List<Column> columns, List<List<Cell>> rows) {
        return Section.of(title, Table.of(columns, rows));
    }

    private static Cell text(String value) {
        return Cell.text(value);
    }

    private static Cell number(String value) {
        return Cell.number(new BigDecimal(value));
    }

    private static Cell money(String amount, String currency) {
        return Cell.money(Money.of(amount, currency));
    }

    private byte[] render(Report report, boolean bom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(report, new RenderOptions(bom, PaperSize.A4), out);
        return out.toByteArray();
    }

    private String renderText(Report report) throws IOException {
        return new String(render(report, false), StandardCharsets.UTF_8);
    }

    private static List<List<String>> parse(String csv) throws IOException {
        try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(csv)) {
            return rows.readAll();
        }
    }

    /** The rows of a sectioned CSV after the row holding only {@code heading}, up to the next blank line. */
    private static List<List<String>> sectionRows(List<List<String>> rows, String heading) {
        int start = rows.indexOf(List.of(heading));
        assertThat(start).as("section %s", heading).isNotNegative();
        List<List<String>> section = new ArrayList<>();
        for (int i = start + 1; i < rows.size() && !isBlank(rows.get(i)); i++) {
            section.add(rows.get(i));
        }
        return section;
    }

    private static boolean isBlank(List<String> row) {
        return row.isEmpty() || row.equals(List.of(""));
    }

    // ---------------------------------------------------------------- tests

    @Nested
    class SectionedLayout {

        private final Report report = report(Kinds.USAGE_SUMMARY, "Europe/Paris", List.of("Measured until 2026-11-20 10:00"),
                List.of(KeyFigure.compared("Events", ValueType.COUNT, Cell.number(1200), Cell.number(1000), new BigDecimal("20")),
                        KeyFigure.compared("Cost", ValueType.MONEY, money("12.3", "USD"), money("10", "USD"), new BigDecimal("23")),
                        KeyFigure.of("Error rate", ValueType.PERCENT, Cell.EMPTY)),
                Section.of("Daily usage",
                        Table.of(List.of(Column.of("Day", ValueType.DATE), Column.of("Events", ValueType.COUNT), Column.of("Cost", ValueType.MONEY)),
                                List.of(List.of(Cell.day(LocalDate.of(2026, 11, 1)), Cell.number(700), money("7.25", "USD")),
                                        List.of(Cell.day(LocalDate.of(2026, 11, 2)), Cell.number(500), money("5.05", "USD")))),
                        new Chart.TimeSeries("Events per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR, Chart.TimeSeries.Granularity.DAY,
                                List.of(new Chart.TimeSeries.Point(LocalDate.of(2026, 11, 1), new BigDecimal("700"))))),
                Section.of("Calls by outcome",
                        new Chart.Breakdown("Outcomes", ValueType.COUNT, List.of(new Chart.Breakdown.Bar("completed", BigDecimal.TEN))),
                        Table.of(List.of(Column.of("Outcome", ValueType.TEXT), Column.of("Calls", ValueType.COUNT)), List.of()),
                        Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT)),
                                List.of(List.of(text("Ana"), Cell.number(3))))));

        @Test
        void startsWithTheTitleBlockThenKeyFiguresThenEachSection() throws IOException {
            String csv = renderText(report);

            assertThat(csv).isEqualTo("""
                    Report,Usage summary\r
                    Subject,Acme\r
                    Period from,2026-11-01\r
                    Period to,2026-11-30\r
                    Timezone,Europe/Paris\r
                    Generated at,2026-12-01T09:30:00+01:00\r
                    Note,Measured until 2026-11-20 10:00\r
                    \r
                    Key figures\r
                    Figure,Value,Unit,Previous,Growth %\r
                    Events,1200,count,1000,20\r
                    Cost,12.30,USD,10.00,23\r
                    Error rate,,percent,,\r
                    \r
                    Daily usage\r
                    Day,Events,Cost,Cost currency\r
                    2026-11-01,700,7.25,USD\r
                    2026-11-02,500,5.05,USD\r
                    \r
                    Calls by outcome\r
                    Outcome,Calls\r
                    No data\r
                    \r
                    Agent,Calls\r
                    Ana,3\r
                    """);
        }

        @Test
        void parsesBackToTheFiguresOfTheReport() throws IOException {
            List<List<String>> rows = parse(renderText(report));

            assertThat(rows.get(0)).containsExactly("Report", "Usage summary");
            assertThat(rows.get(5)).containsExactly("Generated at", "2026-12-01T09:30:00+01:00");
            List<List<String>> figures = sectionRows(rows, "Key figures");
            assertThat(figures.get(1)).containsExactly("Events", "1200", "count", "1000", "20");
            List<List<String>> daily = sectionRows(rows, "Daily usage");
            assertThat(daily.get(0)).containsExactly("Day", "Events", "Cost", "Cost currency");
            // 700 + 500 = 1200 events, 7.25 + 5.05 = 12.30 USD: the key figures' values.
            assertThat(daily.subList(1, 3).stream().mapToLong(r -> Long.parseLong(r.get(1))).sum()).isEqualTo(1200);
            assertThat(daily.subList(1, 3).stream().map(r -> new BigDecimal(r.get(2))).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(new BigDecimal(figures.get(2).get(1)));
            assertThat(daily.subList(1, 3)).allSatisfy(r -> assertThat(r.get(3)).isEqualTo("USD"));
        }

        @Test
        void returnsTheTableRowsWritten() throws IOException {
            assertThat(renderer.render(report, RenderOptions.defaults(), new ByteArrayOutputStream())).isEqualTo(3);
        }

        @Test
        void writesAnEmptyTableAsNoDataUnderItsHeader() throws IOException {
            List<List<String>> rows = sectionRows(parse(renderText(report)), "Calls by outcome");

            assertThat(rows).containsExactly(List.of("Outcome", "Calls"), List.of("No data"));
        }

        @Test
        void skipsCharts() throws IOException {
            assertThat(renderText(report)).doesNotContain("Events per day", "Outcomes", "completed");
        }

        @Test
        void leavesOutKeyFiguresWhenTheReportHasNone() throws IOException {
            String csv = renderText(summary(section("Daily", List.of(Column.of("Events", ValueType.COUNT)), List.of(List.of(Cell.number(1))))));

            assertThat(csv).doesNotContain("Key figures").contains("\r\n\r\nDaily\r\nEvents\r\n1\r\n");
        }

        @Test
        void writesEmptyCellsAsEmptyFieldsAlsoForMoney() throws IOException {
            String csv = renderText(summary(section("S", List.of(Column.of("Name", ValueType.TEXT), Column.of("Fee", ValueType.MONEY),
                    Column.of("Day", ValueType.DATE)), List.of(List.of(Cell.EMPTY, Cell.EMPTY, Cell.EMPTY)))));

            assertThat(csv).endsWith("\r\nName,Fee,Fee currency,Day\r\n,,,\r\n");
        }
    }

    @Nested
    class Encoding {

        private final Report report = summary(section("S", List.of(Column.of("Name", ValueType.TEXT)), List.of(List.of(text("x")))));

        @Test
        void endsEveryLineWithCrLf() throws IOException {
            String csv = renderText(report);

            assertThat(csv).endsWith("\r\n");
            assertThat(csv.replace("\r\n", "")).doesNotContain("\r", "\n");
        }

        @Test
        void writesTheByteOrderMarkOnlyWhenAsked() throws IOException {
            byte[] with = render(report, true);
            byte[] without = render(report, false);

            assertThat(Arrays.copyOf(with, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            assertThat(Arrays.copyOfRange(with, 3, with.length)).isEqualTo(without);
            assertThat(new String(without, 0, 7, StandardCharsets.UTF_8)).isEqualTo("Report,");
        }

        @Test
        void roundTripsUnicodeQuotesCommasLineBreaksAndControlCharacters() throws IOException {
            List<String> names = List.of("王小明", "😀 smile", "שלום עולם", "say \"hi\", then\nbye", "cr\rlf\r\nend", "ctl\u0001\u0007\u001Fx",
                    "a\tb", " padded ", "trailing,", "\"", "", "#hash", "ＡＢＣ");
            Report unicode = report(Kinds.ACTIVITY, "Asia/Taipei", List.of("注意: \"quoted\", note"), List.of(),
                    section("王小明, \"VIP\"", List.of(Column.of("名前\n(name)", ValueType.TEXT), Column.of("Calls", ValueType.COUNT)),
                            names.stream().map(n -> List.of(text(n), Cell.number(1))).toList()));

            List<List<String>> rows = parse(renderText(unicode));

            assertThat(rows).contains(List.of("Note", "注意: \"quoted\", note"));
            List<List<String>> table = sectionRows(rows, "王小明, \"VIP\"");
            assertThat(table.get(0)).containsExactly("名前\n(name)", "Calls");
            assertThat(table.subList(1, table.size())).extracting(r -> r.get(0)).containsExactlyElementsOf(names);
        }

        @Test
        void quotesOnlyFieldsThatNeedIt() throws IOException {
            String csv = renderText(summary(section("S", List.of(Column.of("Name", ValueType.TEXT)),
                    List.of(List.of(text("plain words")), List.of(text("a,b")), List.of(text("say \"hi\"")), List.of(text("one\ntwo")),
                            List.of(text("one\rtwo")), List.of(text("王小明 😀"))))));

            assertThat(csv).contains("\r\nplain words\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"one\ntwo\"\r\n\"one\rtwo\"\r\n王小明 😀\r\n");
        }
    }

    @Nested
    class FormulaInjection {

        private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "\t=1", "-2+3", "＝1", "+1", "\r=1",
                "\n=1", "＋1", "－1", "＠A1");

        private String csv() throws IOException {
            return renderText(summary(section("S", List.of(Column.of("Name", ValueType.TEXT), Column.of("Delta", ValueType.COUNT)),
                    FORMULAS.stream().map(f -> List.of(text(f), number("-5"))).toList())));
        }

        @Test
        void prefixesTextThatCouldStartAFormulaWithAQuote() throws IOException {
            String csv = csv();

            assertThat(csv).contains("\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5\r\n", "\r\n'@SUM(1),-5\r\n", "\r\n'\t=1,-5\r\n",
                    "\r\n'-2+3,-5\r\n", "\r\n'＝1,-5\r\n", "\r\n'+1,-5\r\n", "\r\n\"'\r=1\",-5\r\n", "\r\n\"'\n=1\",-5\r\n", "\r\n'＋1,-5\r\n",
                    "\r\n'－1,-5\r\n", "\r\n'＠A1,-5\r\n");
            List<List<String>> rows = sectionRows(parse(csv), "S");
            assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(0)).containsExactlyElementsOf(FORMULAS.stream().map(f -> "'" + f).toList());
        }

        @Test
        void leavesNegativeNumbersAlone() throws IOException {
            List<List<String>> rows = sectionRows(parse(csv()), "S");

            assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(1)).containsOnly("-5");
        }

        @Test
        void neutralisesTitlesLabelsAndColumnNamesToo() throws IOException {
            Report report = new Report(Kinds.ACTIVITY, "=cmd|' /C calc'!A0", "+Acme", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
                    TimeZoneId.UTC, GENERATED, new Report.Brand("Acme", BrandColour.DEFAULT), List.of("-note"),
                    List.of(KeyFigure.of("@figure", ValueType.COUNT, Cell.number(-3))),
                    List.of(section("=section", List.of(Column.of("-col", ValueType.COUNT)), List.of(List.of(Cell.number(-1))))));

            String csv = renderText(report);

            assertThat(csv).startsWith("Report,'=cmd|' /C calc'!A0\r\nSubject,'+Acme\r\n")
                    .contains("\r\nNote,'-note\r\n", "\r\n'@figure,-3,count,,\r\n", "\r\n'=section\r\n'-col\r\n-1\r\n");
        }
    }

    @Nested
    class Values {

        @Test
        void writesNumbersPlainWithoutExponentOrGrouping() throws IOException {
            String csv = renderText(summary(section("S", List.of(Column.of("N", ValueType.DECIMAL)),
                    List.of(List.of(number("0.1")), List.of(number("12345678901234567890.5")), List.of(number("1E+3")),
                            List.of(number("-0.000001")), List.of(number("1234567"))))));

            assertThat(csv).endsWith("\r\nN\r\n0.1\r\n12345678901234567890.5\r\n1000\r\n-0.000001\r\n1234567\r\n");
        }

        @Test
        void splitsMoneyIntoAmountAndCurrencyColumns() throws IOException {
            String csv = renderText(summary(section("S", List.of(Column.of("Customer", ValueType.TEXT), Column.of("Revenue", ValueType.MONEY)),
                    List.of(List.of(text("a"), money("1234.5", "USD")), List.of(text("b"), money("-0.0425", "USD")),
                            List.of(text("c"), money("1500", "JPY")), List.of(text("d"), money("1E+2", "EUR"))))));

            List<List<String>> rows = sectionRows(parse(csv), "S");
            assertThat(rows).containsExactly(List.of("Customer", "Revenue", "Revenue currency"), List.of("a", "1234.50", "USD"),
                    List.of("b", "-0.0425", "USD"), List.of("c", "1500", "JPY"), List.of("d", "100.00", "EUR"));
            assertThat(csv).contains("\r\nb,-0.0425,USD\r\n");
        }

        @Test
        void writesInstantsWithTheOffsetOfTheReportZone() throws IOException {
            Section times = section("S", List.of(Column.of("At", ValueType.DATETIME)),
                    List.of(List.of(Cell.moment(Instant.parse("2026-11-02T13:03:07Z"))), List.of(Cell.moment(Instant.parse("2026-07-02T13:03:07.250Z"))),
                            List.of(Cell.moment(Instant.parse("2026-11-02T13:03:00Z")))));

            String paris = renderText(report(Kinds.ACTIVITY, "Europe/Paris", List.of(), List.of(), times));
            String taipei = renderText(report(Kinds.ACTIVITY, "Asia/Taipei", List.of(), List.of(), times));

            assertThat(sectionRows(parse(paris), "S")).containsExactly(List.of("At"), List.of("2026-11-02T14:03:07+01:00"),
                    List.of("2026-07-02T15:03:07.25+02:00"), List.of("2026-11-02T14:03:00+01:00"));
            assertThat(sectionRows(parse(taipei), "S")).containsExactly(List.of("At"), List.of("2026-11-02T21:03:07+08:00"),
                    List.of("2026-07-02T21:03:07.25+08:00"), List.of("2026-11-02T21:03:00+08:00"));
            assertThat(taipei).contains("Timezone,Asia/Taipei\r\nGenerated at,2026-12-01T16:30:00+08:00\r\n");
        }

        @Test
        void writesDaysAsIsoDates() throws IOException {
            String csv = renderText(summary(section("S", List.of(Column.of("Day", ValueType.DATE)), List.of(List.of(Cell.day(LocalDate.of(2026, 11, 2)))))));

            assertThat(csv).endsWith("\r\nDay\r\n2026-11-02\r\n");
        }
    }

    @Nested
    class MomentFormatting {

        @Test
        void formatsInstantsExactlyAsTheIsoOffsetFormatter() {
            Random random = new Random(42);
            for (String zone : List.of("Europe/Paris", "Asia/Taipei", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "UTC",
                    "Australia/Lord_Howe", "America/Sao_Paulo")) {
                ZoneId id = ZoneId.of(zone);
                IsoMoments moments = new IsoMoments(id);
                DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(id);
                List<Instant> instants = new ArrayList<>(List.of(Instant.parse("1850-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z"),
                        Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("9999-12-31T10:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                        Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T00:59:59.999999999Z"), Instant.parse("2026-10-25T01:00:00Z"),
                        Instant.parse("2026-10-25T00:59:59.000001Z"), Instant.EPOCH));
                long from = Instant.parse("1960-01-01T00:00:00Z").getEpochSecond();
                long to = Instant.parse("2060-01-01T00:00:00Z").getEpochSecond();
                for (int i = 0; i < 20_000; i++) {
                    instants.add(Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0));
                }
                Instant walk = Instant.parse("2025-01-01T00:00:00Z");
                for (int i = 0; i < 20_000; i++) {
                    walk = walk.plusSeconds(random.nextInt(7200));
                    instants.add(walk);
                }
                for (Instant instant : instants) {
                    assertThat(moments.format(instant)).as("%s in %s", instant, zone).isEqualTo(iso.format(instant));
                }
            }
        }
    }

    @Nested
    class FlatUsageHistory {

        private final List<Column> columns = List.of(Column.of("occurred_at", ValueType.DATETIME), Column.of("meter", ValueType.TEXT),
                Column.of("quantity", ValueType.DECIMAL), Column.of("cost", ValueType.MONEY), Column.of("day", ValueType.DATE));

        private Report history(String zone, List<List<Cell>> rows) {
            return report(Kinds.USAGE_HISTORY, zone, List.of("a note"), List.of(KeyFigure.of("Events", ValueType.COUNT, Cell.number(2))),
                    Section.of("Events", Table.of(columns, rows)));
        }

        @Test
        void writesOnlyTheTableWithTheZoneInTheTimeColumnHeader() throws IOException {
            String csv = renderText(history("Europe/Paris", List.of(
                    List.of(Cell.moment(Instant.parse("2026-11-02T13:03:07Z")), text("api_calls"), number("2"), money("0.02", "USD"),
                            Cell.day(LocalDate.of(2026, 11, 2))),
                    List.of(Cell.moment(Instant.parse("2026-11-03T23:30:00Z")), text("=storage"), number("1.5"), Cell.EMPTY,
                            Cell.day(LocalDate.of(2026, 11, 4))))));

            assertThat(csv).isEqualTo("""
                    occurred_at (Europe/Paris),meter,quantity,cost,cost currency,day\r
                    2026-11-02T14:03:07+01:00,api_calls,2,0.02,USD,2026-11-02\r
                    2026-11-04T00:30:00+01:00,'=storage,1.5,,,2026-11-04\r
                    """);
            assertThat(parse(csv)).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(6));
        }

        @Test
        void writesAnEmptyHistoryAsItsHeaderAlone() throws IOException {
            String csv = renderText(history("Asia/Taipei", List.of()));

            assertThat(csv).isEqualTo("occurred_at (Asia/Taipei),meter,quantity,cost,cost currency,day\r\n");
        }

        @Test
        void refusesAHistoryWithoutOrWithSeveralTables() {
            Report none = report(Kinds.USAGE_HISTORY, "UTC", List.of(), List.of(), Section.of("Events"));
            Report two = report(Kinds.USAGE_HISTORY, "UTC", List.of(), List.of(), Section.of("Events", Table.of(columns, List.of()),
                    Table.of(columns, List.of())));

            assertThatThrownBy(() -> render(none, false)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> render(two, false)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Streaming {

        private static final int ROWS = 1_000_000;

        @Test
        void writesAMillionStreamedRowsAsTheyComeInConstantMemory() throws IOException {
            List<Column> columns = List.of(Column.of("occurred_at", ValueType.DATETIME), Column.of("event_id", ValueType.TEXT),
                    Column.of("meter", ValueType.TEXT), Column.of("quantity", ValueType.DECIMAL), Column.of("count", ValueType.COUNT),
                    Column.of("cost", ValueType.MONEY), Column.of("day", ValueType.DATE), Column.of("share", ValueType.PERCENT));
            Cell[] moments = new Cell[1000];
            Cell[] ids = new Cell[1000];
            Cell[] quantities = new Cell[1000];
            for (int i = 0; i < 1000; i++) {
                moments[i] = Cell.moment(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 37L));
                ids[i] = text("evt-" + i);
                quantities[i] = Cell.number(BigDecimal.valueOf(i, 2));
            }
            Cell meter = text("api_calls");
            Cell cost = money("0.0425", "USD");
            Cell day = Cell.day(LocalDate.of(2026, 11, 1));
            Cell share = number("12.5");
            LineCounter out = new LineCounter();
            long[] bytesAtHalfway = {-1};
            Table.RowSource source = (Consumer<List<Cell>> consumer) -> {
                for (int i = 0; i < ROWS; i++) {
                    if (i == ROWS / 2) {
                        bytesAtHalfway[0] = out.bytes;
                    }
                    int k = i % 1000;
                    consumer.accept(List.of(moments[k], ids[k], meter, quantities[k], Cell.number(i), cost, day, share));
                }
            };
            Report report = report(Kinds.USAGE_HISTORY, "Europe/Paris", List.of(), List.of(), Section.of("Events", Table.streamed(columns, source)));

            long started = System.nanoTime();
            long written = renderer.render(report, RenderOptions.defaults(), out);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(written).isEqualTo(ROWS);
            assertThat(out.lines).isEqualTo(ROWS + 1);
            assertThat(out.crlf).isEqualTo(ROWS + 1);
            // Half the rows had reached the stream before the second half was read: nothing was held back.
            assertThat(bytesAtHalfway[0]).isGreaterThan(out.bytes / 2 - 128 * 1024);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }

        /** Counts bytes and line ends without keeping anything. */
        private static final class LineCounter extends OutputStream {
            long bytes;
            long lines;
            long crlf;
            private int previous;

            @Override
            public void write(int b) {
                count((byte) b);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    count(buffer[i]);
                }
            }

            private void count(byte b) {
                bytes++;
                if (b == '\n') {
                    lines++;
                    if (previous == '\r') {
                        crlf++;
                    }
                }
                previous = b;
            }
        }
    }
}
