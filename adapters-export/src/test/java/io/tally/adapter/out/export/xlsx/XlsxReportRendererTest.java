package io.tally.adapter.out.export.xlsx;

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
import io.tally.domain.report.ReportKind;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxReportRendererTest {

    private static final Instant GENERATED = Instant.parse("2026-12-01T08:30:00Z");
    private static final ReadingOptions WITH_FORMATS = new ReadingOptions(true, false);

    private static Report report(ReportKind type, String zone, List<KeyFigure> figures, Section... sections) {
        return new Report(type, Kinds.title(type), "Acme", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), TimeZoneId.of(zone), GENERATED,
                new Report.Brand("Acme", BrandColour.DEFAULT), List.of("Measured until 2026-10-31."), figures, List.of(sections));
    }

    private static byte[] render(XlsxReportRenderer renderer, Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(report, new RenderOptions(false, PaperSize.A4), out);
        return out.toByteArray();
    }

    private static List<List<Row>> sheets(byte[] xlsx) throws IOException {
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx), WITH_FORMATS)) {
            List<List<Row>> sheets = new ArrayList<>();
            for (Sheet sheet : book.getSheets().toList()) {
                sheets.add(sheet.read());
            }
            return sheets;
        }
    }

    private static List<String> names(byte[] xlsx) throws IOException {
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            return book.getSheets().map(Sheet::getName).toList();
        }
    }

    private static Report activity() {
        List<KeyFigure> figures = List.of(
                KeyFigure.compared("Calls", ValueType.COUNT, Cell.number(1234), Cell.number(1000), new BigDecimal("23.4"), Polarity.HIGHER_IS_BETTER),
                KeyFigure.compared("Cost (EUR)", ValueType.MONEY, Cell.money(Money.of("12.30", "EUR")), Cell.money(Money.of("10.00", "EUR")),
                        new BigDecimal("23"), Polarity.LOWER_IS_BETTER),
                KeyFigure.of("Success rate", ValueType.PERCENT, Cell.number(new BigDecimal("87.5"))));
        Table agents = Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                        Column.of("Success rate %", ValueType.PERCENT), Column.of("Cost", ValueType.MONEY), Column.of("Last call", ValueType.DATETIME)),
                List.of(List.of(Cell.text("=1+1"), Cell.number(3), Cell.number(new BigDecimal("66.67")), Cell.money(Money.of("0.0490", "EUR")),
                                Cell.moment(Instant.parse("2026-10-25T00:30:00Z"))),
                        List.of(Cell.text("@SUM(A1)"), Cell.number(1), Cell.EMPTY, Cell.money(Money.of("1500", "JPY")),
                                Cell.moment(Instant.parse("2026-10-25T01:30:00Z"))),
                        List.of(Cell.text("＝HYPERLINK(\"x\")"), Cell.number(new BigDecimal("2.5")), Cell.number(100), Cell.EMPTY, Cell.EMPTY),
                        List.of(Cell.text("\tTab -2+3"), Cell.number(0), Cell.number(0), Cell.EMPTY, Cell.EMPTY)));
        Table daily = Table.of(List.of(Column.of("Date", ValueType.DATE), Column.of("Calls", ValueType.COUNT)),
                List.of(List.of(Cell.day(LocalDate.of(2026, 10, 25)), Cell.number(7))));
        Table empty = Table.of(List.of(Column.of("Outcome", ValueType.TEXT)), List.of());
        return report(Kinds.ACTIVITY, "Europe/Berlin", figures,
                new Section("Agents / performance: a title longer than thirty-one characters", List.of(agents)),
                new Section("Daily", List.of(new Chart.Breakdown("x", ValueType.COUNT, List.of(new Chart.Breakdown.Bar("a", BigDecimal.ONE))), daily,
                        empty)),
                new Section("Only a chart", List.of(new Chart.Breakdown("x", ValueType.COUNT, List.of()))));
    }

    @Test
    void writesASummarySheetAndASheetPerSectionWithTables() throws IOException {
        byte[] xlsx = render(new XlsxReportRenderer(), activity());

        assertThat(names(xlsx)).containsExactly("Summary", "Agents - performance- a title l", "Daily");
        List<Row> summary = sheets(xlsx).getFirst();
        assertThat(summary.get(0).getCellText(0)).isEqualTo("Call activity");
        assertThat(summary.get(1).getCellText(0)).isEqualTo("Subject");
        assertThat(summary.get(1).getCellText(1)).isEqualTo("Acme");
        assertThat(summary.get(2).getCell(1).asDate()).isEqualTo(LocalDateTime.of(2026, 10, 1, 0, 0));
        assertThat(summary.get(2).getCell(1).getDataFormatString()).isEqualTo("yyyy-mm-dd");
        // generated at 08:30Z is 09:30 in Berlin in December
        assertThat(summary.get(5).getCell(1).asDate()).isEqualTo(LocalDateTime.of(2026, 12, 1, 9, 30));
        assertThat(summary.get(6).getCellText(1)).isEqualTo("Measured until 2026-10-31.");
        assertThat(summary.get(7).getRowNum()).as("a blank row before the key figures").isEqualTo(9);
        Row header = summary.get(7);
        assertThat(List.of(header.getCellText(0), header.getCellText(1), header.getCellText(2), header.getCellText(3), header.getCellText(4)))
                .containsExactly("Figure", "Value", "Unit", "Previous", "Growth %");
        Row calls = summary.get(8);
        assertThat(calls.getCell(1).getType()).isEqualTo(CellType.NUMBER);
        assertThat(calls.getCell(1).asNumber()).isEqualByComparingTo("1234");
        assertThat(calls.getCell(1).getDataFormatString()).isEqualTo("#,##0");
        assertThat(calls.getCell(4).asNumber()).isEqualByComparingTo("0.234");
        assertThat(calls.getCell(4).getDataFormatString()).isEqualTo("0.00%");
        Row cost = summary.get(9);
        assertThat(cost.getCell(1).asNumber()).isEqualByComparingTo("12.30");
        assertThat(cost.getCell(1).getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(cost.getCellText(2)).isEqualTo("EUR");
        Row rate = summary.get(10);
        assertThat(rate.getCell(1).asNumber()).isEqualByComparingTo("0.875");
        assertThat(rate.getCell(1).getDataFormatString()).isEqualTo("0.00%");
        assertThat(rate.hasCell(3) && rate.getCell(3).getType() != CellType.EMPTY).isFalse();
    }

    @Test
    void keepsNumbersNumericMoneyWithItsCurrencyAndTimesInTheReportsZone() throws IOException {
        List<Row> agents = sheets(render(new XlsxReportRenderer(), activity())).get(1);

        assertThat(agents.get(0).getCellText(0)).isEqualTo("Agents / performance: a title longer than thirty-one characters");
        Row header = agents.get(1);
        assertThat(header.getCellText(3)).isEqualTo("Cost");
        assertThat(header.getCellText(4)).isEqualTo("Cost currency");
        assertThat(header.getCellText(5)).isEqualTo("Last call");
        Row first = agents.get(2);
        assertThat(first.getCell(1).getType()).isEqualTo(CellType.NUMBER);
        assertThat(first.getCell(1).asNumber()).isEqualByComparingTo("3");
        assertThat(first.getCell(2).asNumber()).isEqualByComparingTo("0.6667");
        assertThat(first.getCell(2).getDataFormatString()).isEqualTo("0.00%");
        assertThat(first.getCell(3).asNumber()).isEqualByComparingTo("0.049");
        assertThat(first.getCell(3).getDataFormatString()).isEqualTo("#,##0.0000");
        assertThat(first.getCellText(4)).isEqualTo("EUR");
        // the night of the change to winter time: 00:30Z is 02:30 CEST, 01:30Z is 02:30 CET
        assertThat(first.getCell(5).asDate()).isEqualTo(LocalDateTime.of(2026, 10, 25, 2, 30));
        assertThat(first.getCell(5).getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
        Row second = agents.get(3);
        assertThat(second.getCell(3).asNumber()).isEqualByComparingTo("1500");
        assertThat(second.getCell(3).getDataFormatString()).isEqualTo("#,##0");
        assertThat(second.getCellText(4)).isEqualTo("JPY");
        assertThat(second.getCell(5).asDate()).isEqualTo(LocalDateTime.of(2026, 10, 25, 2, 30));
        assertThat(agents.get(4).getCell(1).getDataFormatString()).isEqualTo("#,##0.0###");
        assertThat(agents.get(4).getCell(1).asNumber()).isEqualByComparingTo("2.5");
    }

    @Test
    void writesFormulaLikeTextAsStringCells() throws IOException {
        List<Row> agents = sheets(render(new XlsxReportRenderer(), activity())).get(1);

        List<String> texts = new ArrayList<>();
        for (int r = 2; r <= 5; r++) {
            org.dhatim.fastexcel.reader.Cell cell = agents.get(r).getCell(0);
            assertThat(cell.getType()).isEqualTo(CellType.STRING);
            assertThat(cell.getFormula()).isNull();
            texts.add(cell.asString());
        }
        assertThat(texts).containsExactly("=1+1", "@SUM(A1)", "＝HYPERLINK(\"x\")", "\tTab -2+3");
    }

    @Test
    void stacksASectionsTablesAndSaysNoDataForAnEmptyOne() throws IOException {
        List<Row> daily = sheets(render(new XlsxReportRenderer(), activity())).get(2);

        assertThat(daily.get(0).getCellText(0)).isEqualTo("Daily");
        assertThat(daily.get(1).getCellText(0)).isEqualTo("Date");
        assertThat(daily.get(2).getCell(0).asDate()).isEqualTo(LocalDateTime.of(2026, 10, 25, 0, 0));
        assertThat(daily.get(2).getCell(1).asNumber()).isEqualByComparingTo("7");
        // a blank row, then the second table
        assertThat(daily.get(3).getRowNum()).isEqualTo(5);
        assertThat(daily.get(3).getCellText(0)).isEqualTo("Outcome");
        assertThat(daily.get(4).getCellText(0)).isEqualTo("No data");
    }

    @Test
    void goesOnOnANewSheetWithTheHeaderRepeated() throws IOException {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            rows.add(List.of(Cell.number(i)));
        }
        Report report = report(Kinds.ACTIVITY, "UTC", List.of(), new Section("Calls", List.of(Table.of(List.of(Column.of("N", ValueType.COUNT)),
                rows))));

        byte[] xlsx = render(new XlsxReportRenderer(5), report);

        assertThat(names(xlsx)).containsExactly("Summary", "Calls", "Calls (2)", "Calls (3)");
        List<List<Row>> sheets = sheets(xlsx);
        assertThat(sheets.get(1)).extracting(row -> row.getCellText(0)).containsExactly("Calls", "N", "1", "2", "3");
        assertThat(sheets.get(2)).extracting(row -> row.getCellText(0)).containsExactly("Calls (continued)", "N", "4", "5", "6");
        assertThat(sheets.get(3)).extracting(row -> row.getCellText(0)).containsExactly("Calls (continued)", "N", "7");
    }

    @Test
    void namesSheetsAsExcelAllows() {
        assertThat(XlsxReportRenderer.sheetName("MRR by month (last 12, in Europe/Berlin)")).isEqualTo("MRR by month (last 12, in Europ");
        assertThat(XlsxReportRenderer.sheetName("'quoted'")).isEqualTo("quoted");
        assertThat(XlsxReportRenderer.sheetName("a[b]c:d*e?f\\g")).isEqualTo("a-b-c-d-e-f-g");
        assertThat(XlsxReportRenderer.sheetName("  ")).isEqualTo("Sheet");
        assertThat(XlsxReportRenderer.sheetName("王小明的使用情况王小明的使用情况王小明的使用情况王小明的使用情况")).hasSize(31);
    }

    /**
     * 1,100,000 events: 1,048,575 under the header of the first sheet (Excel's 1,048,576 rows), the other 51,425 under
     * the same header on the second; read back, every id is there once, in order, and the times are the Paris ones.
     */
    @Test
    void putsMoreRowsThanASheetHoldsOnTwoSheets(@TempDir Path dir) throws IOException {
        int events = 1_100_000;
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        List<Column> columns = List.of(Column.of("occurred_at", ValueType.DATETIME), Column.of("id", ValueType.TEXT),
                Column.of("minutes", ValueType.DECIMAL));
        Table table = Table.streamed(columns, consumer -> {
            for (int i = 0; i < events; i++) {
                consumer.accept(List.of(Cell.moment(start.plusSeconds(i)), Cell.text("e" + i), Cell.number(BigDecimal.valueOf(i % 100, 1))));
            }
        });
        Report history = report(Kinds.USAGE_HISTORY, "Europe/Paris", List.of(), Section.of("Events", table));
        Path file = dir.resolve("history.xlsx");

        long rows;
        try (OutputStream out = Files.newOutputStream(file)) {
            rows = new XlsxReportRenderer().render(history, new RenderOptions(false, PaperSize.A4), out);
        }

        assertThat(rows).isEqualTo(events);
        AtomicLong next = new AtomicLong();
        List<String> names = new ArrayList<>();
        List<Long> perSheet = new ArrayList<>();
        try (ReadableWorkbook book = new ReadableWorkbook(file.toFile(), WITH_FORMATS)) {
            for (Sheet sheet : book.getSheets().toList()) {
                names.add(sheet.getName());
                AtomicLong count = new AtomicLong();
                try (Stream<Row> stream = sheet.openStream()) {
                    stream.forEach(row -> {
                        if (row.getRowNum() == 1) {
                            assertThat(row.getCellText(0)).isEqualTo("occurred_at (Europe/Paris)");
                            assertThat(row.getCellText(1)).isEqualTo("id");
                            return;
                        }
                        long i = next.getAndIncrement();
                        if (i == 0 || i == 1_048_574 || i == 1_048_575 || i == events - 1) {
                            assertThat(row.getCell(0).asDate()).isEqualTo(LocalDateTime.ofInstant(start.plusSeconds(i), java.time.ZoneId.of("Europe/Paris")));
                            assertThat(row.getCell(2).getType()).isEqualTo(CellType.NUMBER);
                        }
                        assertThat(row.getCellText(1)).isEqualTo("e" + i);
                        count.incrementAndGet();
                    });
                }
                perSheet.add(count.get());
            }
        }
        assertThat(names).containsExactly("Events", "Events (2)");
        assertThat(perSheet).containsExactly(1_048_575L, 51_425L);
        assertThat(next.get()).isEqualTo(events);
    }
}
