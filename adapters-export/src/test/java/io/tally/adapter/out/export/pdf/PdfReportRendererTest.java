package io.tally.adapter.out.export.pdf;

import static io.tally.adapter.out.export.pdf.PdfFixtures.activity;
import static io.tally.adapter.out.export.pdf.PdfFixtures.history;
import static io.tally.adapter.out.export.pdf.PdfFixtures.historyColumns;
import static io.tally.adapter.out.export.pdf.PdfFixtures.historyRow;
import static io.tally.adapter.out.export.pdf.PdfFixtures.load;
import static io.tally.adapter.out.export.pdf.PdfFixtures.render;
import static io.tally.adapter.out.export.pdf.PdfFixtures.report;
import static io.tally.adapter.out.export.pdf.PdfFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tally.domain.common.TimeZoneId;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PdfReportRendererTest {

    @Nested
    class FirstPage {

        private final String text = text(render(activity("Café São Paulo")));

        @Test
        void showsTitleBrandSubjectPeriodTimezoneAndGeneratedAtInTheReportZone() {
            assertThat(text).contains("Acme Analytics", "Call activity", "Café São Paulo", "1 Nov 2026 – 30 Nov 2026", "Europe/Berlin",
                    "1 Dec 2026, 09:15", "Calls are counted on the local day they started.");
        }

        @Test
        void showsALongTimezoneWholeBesideTheSubjectAndPeriod() {
            Report berlin = activity("Lumen Studio");
            Report report = new Report(berlin.kind(), berlin.title(), berlin.subject(), berlin.from(), berlin.to(),
                    TimeZoneId.of("America/Argentina/Buenos_Aires"), berlin.generatedAt(), berlin.brand(), berlin.notes(), berlin.keyFigures(),
                    berlin.sections());

            assertThat(text(render(report))).contains("Lumen Studio", "1 Nov 2026 – 30 Nov 2026", "America/Argentina/Buenos_Aires",
                    "1 Dec 2026, 05:15");
        }

        @Test
        void showsKeyFiguresFormattedWithTheirTrend() {
            assertThat(text).contains("Total calls", "1,234", "▲ 12.5 %", "prev. 1,097")
                    .contains("873", "▼ 3.2 %", "prev. 902")
                    .contains("Success rate", "12.5 %", "– 0 %")
                    .contains("117.23 s", "▲ 6.8 %", "prev. 109.80 s")
                    .contains("USD 1,234.50", "new", "prev. USD 0.00");
        }

        @Test
        void showsNotApplicableWhenAFigureWasAndIsZero() {
            Report report = report("Acme", List.of(KeyFigure.compared("Failed calls", ValueType.COUNT, Cell.number(0), Cell.number(0), null)),
                    List.of());

            assertThat(text(render(report))).contains("Failed calls", "n/a", "prev. 0");
        }
    }

    @Nested
    class Tables {

        @Test
        void formatsCellsByTypeWithTimesInTheReportZone() {
            String text = text(render(activity("Acme")));

            assertThat(text).contains("2026-11-02", "EUR 73.45", "69.23 %", "98.5 s", "2026-11-30 17:03:07");
        }

        @Test
        void showsEmptyCellsAsADash() {
            Report report = report("Acme", List.of(), List.of(Section.of("Agents", Table.of(
                    List.of(Column.of("Agent", ValueType.TEXT), Column.of("Success rate", ValueType.PERCENT)),
                    List.of(List.of(Cell.text("agent-ana"), Cell.EMPTY))))));

            assertThat(text(render(report))).contains("agent-ana").contains("—");
        }

        @Test
        void cutsLongTextWithAnEllipsisInsteadOfOverflowing() {
            String longName = "A customer name that goes on and on ".repeat(8).strip();
            Report report = report("Acme", List.of(), List.of(Section.of("Agents", Table.of(
                    List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT), Column.of("Last call", ValueType.DATETIME)),
                    List.of(List.of(Cell.text(longName), Cell.number(7), Cell.moment(PdfFixtures.GENERATED)))))));

            String text = text(render(report));

            assertThat(text).contains("A customer name that goes on", "…", "2026-12-01 09:15:00").doesNotContain(longName);
        }

        @Test
        void showsNoDataForASectionWhoseTablesHaveNoRows() {
            Report report = report("Acme", List.of(), List.of(Section.of("Agents", Table.of(
                    List.of(Column.of("Agent", ValueType.TEXT), Column.of("Minutes", ValueType.COUNT)), List.of()))));

            String text = text(render(report));

            assertThat(text).contains("Agents", "No data for this period.").doesNotContain("Minutes");
        }

        @Test
        void showsNoDataOnceForASectionWithOnlyEmptyTablesAndCharts() {
            Report report = report("Acme", List.of(), List.of(Section.of("Daily calls",
                    new Chart.TimeSeries("Calls per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR, Chart.TimeSeries.Granularity.DAY, List.of()),
                    Table.streamed(List.of(Column.of("Date", ValueType.DATE)), consumer -> { }))));

            String text = text(render(report));

            assertThat(text.split("No data for this period\\.", -1)).hasSize(2);
        }

        @Test
        void repeatsTheHeaderRowOnEveryPageOfALongTable() throws IOException {
            byte[] pdf = render(history(2_000));

            try (PDDocument document = load(pdf)) {
                int pages = document.getNumberOfPages();
                assertThat(pages).isGreaterThanOrEqualTo(40);
                String lastPage = text(document, pages, pages);
                assertThat(lastPage).contains("Time", "Event", "Agent", "Duration", "Size", "Cost", "Page " + pages + " of " + pages);
                assertThat(text(document, 40, 40)).contains("Time", "Event", "Page 40 of " + pages);
            }
        }

        @Test
        void drawsAStreamedTableRowByRowReadingItOnce() throws IOException {
            AtomicInteger reads = new AtomicInteger();
            Table streamed = Table.streamed(historyColumns(), consumer -> {
                reads.incrementAndGet();
                for (int i = 0; i < 3_000; i++) {
                    consumer.accept(historyRow(i));
                }
            });
            Report report = report("Acme", List.of(), List.of(Section.of("Usage history", streamed)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            long rows = new PdfReportRenderer().render(report, RenderOptions.defaults(), out);

            assertThat(rows).isEqualTo(3_000);
            assertThat(reads).hasValue(1);
            try (PDDocument document = load(out.toByteArray())) {
                int pages = document.getNumberOfPages();
                assertThat(pages).isGreaterThan(50);
                assertThat(text(document, pages, pages)).contains("Time", "agent-" + (2_999 % 17), "Page " + pages + " of " + pages);
            }
        }

        @Test
        void returnsTheRowsOfAllTables() throws IOException {
            long rows = new PdfReportRenderer().render(activity("Acme"), RenderOptions.defaults(), new ByteArrayOutputStream());

            assertThat(rows).isEqualTo(30 + 5 + 6);
        }

        @Test
        void shrinksTheFontOfAWideTableToFitThePage() {
            List<Column> columns = new ArrayList<>();
            List<Cell> row = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                columns.add(Column.of("Calls " + i, ValueType.COUNT));
                row.add(Cell.number(1_234_567L + i));
            }
            Report report = report("Acme", List.of(), List.of(Section.of("Wide", Table.of(columns, List.of(row)))));

            assertThat(text(render(report))).contains("Calls 0", "Calls 11", "1,234,567", "1,234,578");
        }
    }

    @Nested
    class Charts {

        @Test
        void labelsTheAxesOfATimeSeriesAndThinsTheDayLabels() {
            String text = text(render(activity("Acme")));

            assertThat(text).contains("Calls per day", "80", "1 Nov", "3 Nov", "29 Nov").doesNotContain("2 Nov");
        }

        @Test
        void drawsAnAllZeroSeriesWithItsAxes() {
            List<Chart.TimeSeries.Point> zeros = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                zeros.add(new Chart.TimeSeries.Point(PdfFixtures.FROM.minusMonths(11 - i), BigDecimal.ZERO));
            }
            Report report = report("Acme", List.of(), List.of(Section.of("Storage", new Chart.TimeSeries("Storage used", ValueType.MEGABYTES,
                    Chart.TimeSeries.Style.LINE, Chart.TimeSeries.Granularity.MONTH, zeros))));

            assertThat(text(render(report))).contains("Storage used", "0.00 MB", "0.25 MB", "1.00 MB", "Dec 2025", "Oct 2026")
                    .doesNotContain("No data");
        }

        @Test
        void drawsSeveralSeriesOnOneAxisWithALegendAndHourLabels() {
            List<LocalDateTime> hours = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                hours.add(PdfFixtures.FROM.atTime(h, 0));
            }
            List<BigDecimal> calls = new ArrayList<>();
            List<BigDecimal> completed = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                calls.add(BigDecimal.valueOf(h));
                // no value from 10:00 to 11:00: a gap in the line
                completed.add(h == 10 || h == 11 ? null : BigDecimal.valueOf(h / 2));
            }
            Report report = report("Acme", List.of(), List.of(Section.of("Calls", new Chart.MultiSeries("Calls and completed calls",
                    ValueType.COUNT, Chart.TimeSeries.Style.LINE, Chart.TimeSeries.Granularity.HOUR, hours,
                    List.of(new Chart.MultiSeries.Series("Calls", calls), new Chart.MultiSeries.Series("Completed calls", completed))))));

            // 1 Nov 2026 at midnight is labelled with its day, the other hours with their time; 23, the highest value, under 30
            assertThat(text(render(report))).contains("Calls and completed calls", "Calls", "Completed calls", "1 Nov 00:00", "12:00", "30")
                    .doesNotContain("No data");
        }

        @Test
        void drawsBarsSideBySideAndASeriesWithoutAnyValueAsNoData() {
            List<LocalDateTime> weeks = List.of(PdfFixtures.FROM.atStartOfDay(), PdfFixtures.FROM.plusWeeks(1).atStartOfDay());
            Report bars = report("Acme", List.of(), List.of(Section.of("Transcriptions", new Chart.MultiSeries("Transcriptions",
                    ValueType.COUNT, Chart.TimeSeries.Style.BAR, Chart.TimeSeries.Granularity.WEEK, weeks,
                    List.of(new Chart.MultiSeries.Series("Done", List.of(BigDecimal.TEN, BigDecimal.ONE)),
                            new Chart.MultiSeries.Series("Failed", List.of(BigDecimal.ONE, BigDecimal.ZERO)))))));
            assertThat(text(render(bars))).contains("Done", "Failed", "1 Nov", "8 Nov").doesNotContain("No data");

            List<BigDecimal> none = new ArrayList<>();
            none.add(null);
            none.add(null);
            Report empty = report("Acme", List.of(), List.of(Section.of("Rates", new Chart.MultiSeries("Success rate", ValueType.PERCENT,
                    Chart.TimeSeries.Style.LINE, Chart.TimeSeries.Granularity.DAY, weeks, List.of(new Chart.MultiSeries.Series("Rate", none))))));
            assertThat(text(render(empty))).contains("No data for this period.");
        }

        @Test
        void drawsABreakdownWithLabelsAndValues() {
            String text = text(render(activity("Acme")));

            assertThat(text).contains("Calls by outcome", "completed", "no_answer", "voicemail");
        }
    }

    @Nested
    class Text {

        @Test
        void drawsNamesInAnyScriptWithTheRightFont() {
            String names = text(render(report("王小明", List.of(), List.of(Section.of("Customers", Table.of(List.of(Column.of("Name", ValueType.TEXT)),
                    List.of(List.of(Cell.text("Ærøskøbing")), List.of(Cell.text("Łódź")), List.of(Cell.text("Αθηνά")),
                            List.of(Cell.text("Дмитрий")), List.of(Cell.text("田中 由美")), List.of(Cell.text("김민준")))))))));

            assertThat(names).contains("王小明", "Ærøskøbing", "Łódź", "Αθηνά", "Дмитрий", "田中 由美", "김민준");
        }

        @Test
        void drawsRightToLeftTextSoItReadsBackInOrder() {
            String names = text(render(report("Acme", List.of(), List.of(Section.of("Customers", Table.of(List.of(Column.of("Name", ValueType.TEXT)),
                    List.of(List.of(Cell.text("שלום")), List.of(Cell.text("مرحبا")))))))));

            assertThat(names).contains("שלום", "مرحبا");
        }

        @Test
        void replacesCharactersNoFontHasAndDropsControlCharactersWithoutFailing() {
            Report report = report("Bell\u0007 \u202Eoverride 🦄", List.of(), List.of(Section.of("Customers", Table.of(
                    List.of(Column.of("Name", ValueType.TEXT)),
                    List.of(List.of(Cell.text("Emoji 😀 and 🦄 fan")), List.of(Cell.text("Tab\there\u0000\u001F\u007F\u009F end")),
                            List.of(Cell.text("Private \uE000 use")), List.of(Cell.text("Lone \uD800 surrogate")))))));

            String text = text(render(report));

            assertThat(text).contains("Bell override □", "and □ fan", "Tab here end", "Private □ use", "Lone □ surrogate")
                    .doesNotContain("\u0007", "\u202E", "\u0000");
        }

        @Test
        void embedsTheCjkFontOnlyWhenTextNeedsIt() throws IOException {
            assertThat(fontNames(render(activity("Acme Corp", "agent-dan")))).noneMatch(name -> name.contains("WenQuanYi"))
                    .anyMatch(name -> name.contains("DejaVuSans"));
            assertThat(fontNames(render(activity("王小明")))).anyMatch(name -> name.contains("WenQuanYiZenHei"));
        }

        private List<String> fontNames(byte[] pdf) throws IOException {
            List<String> names = new ArrayList<>();
            try (PDDocument document = load(pdf)) {
                for (PDPage page : document.getPages()) {
                    PDResources resources = page.getResources();
                    for (COSName name : resources.getFontNames()) {
                        names.add(resources.getFont(name).getName());
                    }
                }
            }
            return names;
        }
    }

    @Nested
    class Document {

        @Test
        void describesTheReportInTheDocumentInformation() throws IOException {
            try (PDDocument document = load(render(activity("Café São Paulo")))) {
                PDDocumentInformation info = document.getDocumentInformation();
                assertThat(info.getTitle()).isEqualTo("Call activity");
                assertThat(info.getAuthor()).isEqualTo("Acme Analytics");
                assertThat(info.getSubject()).isEqualTo("Café São Paulo");
                assertThat(info.getCreator()).isEqualTo("Tally");
                assertThat(info.getCreationDate().toInstant()).isEqualTo(PdfFixtures.GENERATED);
            }
        }

        @Test
        void numbersEveryPageOutOfTheTotal() throws IOException {
            try (PDDocument document = load(render(activity("Acme")))) {
                int pages = document.getNumberOfPages();
                assertThat(pages).isGreaterThan(1);
                for (int page = 1; page <= pages; page++) {
                    assertThat(text(document, page, page)).contains("Page " + page + " of " + pages, "Acme Analytics", "·");
                }
            }
        }

        @Test
        void usesThePaperSizeOfTheOptions() throws IOException {
            try (PDDocument a4 = load(render(activity("Acme"), new RenderOptions(false, PaperSize.A4)));
                 PDDocument letter = load(render(activity("Acme"), new RenderOptions(false, PaperSize.LETTER)))) {
                assertThat(size(a4)).containsExactly(PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                assertThat(size(letter)).containsExactly(612f, 792f);
            }
        }

        @Test
        void leavesTheOutputStreamOpen() throws IOException {
            AtomicInteger closes = new AtomicInteger();
            ByteArrayOutputStream out = new ByteArrayOutputStream() {
                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };

            new PdfReportRenderer().render(activity("Acme"), RenderOptions.defaults(), out);

            assertThat(closes).hasValue(0);
            assertThat(new String(out.toByteArray(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        }

        @Test
        void rendersManyReportsAtOnceFromOneRenderer() throws Exception {
            PdfReportRenderer renderer = new PdfReportRenderer();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Report report = activity(i % 2 == 0 ? "王小明 " + i : "Ærøskøbing " + i);
                    results.add(pool.submit(() -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        renderer.render(report, RenderOptions.defaults(), out);
                        return text(out.toByteArray());
                    }));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get()).contains(i % 2 == 0 ? "王小明 " + i : "Ærøskøbing " + i, "USD 1,234.50", "王小明");
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void rendersAReportWithNothingInIt() {
            assertThatCode(() -> render(report("Acme", List.of(), List.of()))).doesNotThrowAnyException();
            assertThat(text(render(report("Acme", List.of(), List.of(new Section("Empty", List.of())))))).contains("No data for this period.");
        }

        private float[] size(PDDocument document) {
            PDRectangle box = document.getPage(0).getMediaBox();
            return new float[] {box.getWidth(), box.getHeight()};
        }
    }
}
