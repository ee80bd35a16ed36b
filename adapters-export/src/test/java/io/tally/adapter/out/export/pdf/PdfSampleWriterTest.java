package io.tally.adapter.out.export.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.common.Money;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes sample PDFs to look at (not a check of behaviour): run with
 * {@code -Dtest=PdfSampleWriterTest -Dpdf.samples=/tmp}, then {@code pdftoppm -png -r 80 /tmp/pdf-sample.pdf /tmp/pdf-sample}.
 */
@EnabledIfSystemProperty(named = "pdf.samples", matches = ".+")
class PdfSampleWriterTest {

    private final Path folder = Path.of(System.getProperty("pdf.samples", "/tmp"));

    @Test
    void writesSamples() throws IOException {
        write("pdf-sample.pdf", PdfFixtures.activity("Café São Paulo"), PaperSize.A4);
        write("pdf-letter.pdf", PdfFixtures.activity("Acme Corp"), PaperSize.LETTER);
        write("pdf-cjk.pdf", international(), PaperSize.A4);
        write("pdf-history.pdf", PdfFixtures.history(300), PaperSize.A4);
        write("pdf-monthly.pdf", monthly(), PaperSize.A4);
        Report activity = PdfFixtures.activity("Acme Corp", "agent-dan");
        write("pdf-light-brand.pdf", new Report(activity.kind(), activity.title(), activity.subject(), activity.from(), activity.to(),
                activity.zone(), activity.generatedAt(), new Report.Brand("Sunny Telecom", BrandColour.of("#FACC15")), activity.notes(),
                activity.keyFigures(), activity.sections()), PaperSize.A4);
    }

    private void write(String name, Report report, PaperSize paper) throws IOException {
        byte[] pdf = PdfFixtures.render(report, new RenderOptions(false, paper));
        Files.write(folder.resolve(name), pdf);
        assertThat(pdf).isNotEmpty();
    }

    private static Report international() {
        String[] names = {"王小明", "田中 由美", "김민준", "Ærøskøbing Kommune", "Łódź Sp. z o.o.", "Αθηνά Παπαδοπούλου", "Дмитрий Иванов",
                "שלום עליכם", "مرحبا بالعالم", "Emoji 😀 customer", "Bell\u0007 and \u202Eoverride", "Mixed 王 and Ø (x) שלום 123"};
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(List.of(Cell.text(names[i]), Cell.number(100 - i * 7), Cell.money(Money.of("12.5", i % 2 == 0 ? "JPY" : "KWD"))));
        }
        return PdfFixtures.report("王小明 — 北京分公司", List.of(KeyFigure.of("客户数量", ValueType.COUNT, Cell.number(12))),
                List.of(Section.of("Customers / 客户", Table.of(List.of(Column.of("Name", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                        Column.of("Cost", ValueType.MONEY)), rows))));
    }

    private static Report monthly() {
        List<Chart.TimeSeries.Point> points = new ArrayList<>();
        List<Chart.TimeSeries.Point> zeros = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            points.add(new Chart.TimeSeries.Point(PdfFixtures.FROM.minusMonths(13 - i).withDayOfMonth(1), BigDecimal.valueOf(1014.4 + i * i * 37.25)
                    .setScale(1, RoundingMode.HALF_UP)));
            zeros.add(new Chart.TimeSeries.Point(PdfFixtures.FROM.minusDays(13 - i), BigDecimal.ZERO));
        }
        List<Column> many = new ArrayList<>();
        List<Cell> row = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            many.add(Column.of("Column number " + i, i % 2 == 0 ? ValueType.TEXT : ValueType.MONEY));
            row.add(i % 2 == 0 ? Cell.text("A fairly long value in column " + i) : Cell.money(Money.of("123456.78", "EUR")));
        }
        return PdfFixtures.report("Acme Corp", List.of(), List.of(
                Section.of("Storage", new Chart.TimeSeries("Storage used per month", ValueType.MEGABYTES, Chart.TimeSeries.Style.LINE,
                        Chart.TimeSeries.Granularity.MONTH, points)),
                Section.of("Quiet days", new Chart.TimeSeries("Failed transcriptions", ValueType.COUNT, Chart.TimeSeries.Style.BAR,
                        Chart.TimeSeries.Granularity.DAY, zeros)),
                Section.of("Wide table", Table.of(many, List.of(row, row, row)))));
    }
}
