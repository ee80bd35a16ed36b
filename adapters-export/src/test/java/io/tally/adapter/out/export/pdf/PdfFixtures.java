package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.Kinds;
import io.tally.domain.common.Money;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reports built by hand for the PDF tests, and helpers that render them and read them back with PDFBox. */
final class PdfFixtures {

    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate TO = LocalDate.of(2026, 11, 30);
    static final Instant GENERATED = Instant.parse("2026-12-01T08:15:00Z");
    static final Report.Brand BRAND = new Report.Brand("Acme Analytics", BrandColour.of("#6D28D9"));
    private static final String[] OUTCOMES = {"completed", "no_answer", "busy", "voicemail", "failed"};

    private PdfFixtures() {
    }

    /** A report with the given subject, key figures and sections, for November 2026 in Europe/Berlin. */
    static Report report(String subject, List<KeyFigure> figures, List<Section> sections) {
        return new Report(Kinds.ACTIVITY, "Call activity", subject, FROM, TO, TimeZoneId.of("Europe/Berlin"), GENERATED, BRAND,
                List.of("Calls are counted on the local day they started."), figures, sections);
    }

    /** A 30-day call activity report like the product's: five compared figures, two charts and three tables. */
    static Report activity(String subject) {
        return activity(subject, "王小明");
    }

    /** The activity report with {@code fifthAgent} as the name of its fifth agent. */
    static Report activity(String subject, String fifthAgent) {
        List<KeyFigure> figures = List.of(
                KeyFigure.compared("Total calls", ValueType.COUNT, Cell.number(1234), Cell.number(1097), new BigDecimal("12.49")),
                KeyFigure.compared("Completed calls", ValueType.COUNT, Cell.number(873), Cell.number(902), new BigDecimal("-3.22")),
                KeyFigure.compared("Success rate", ValueType.PERCENT, Cell.number(new BigDecimal("12.5")), Cell.number(new BigDecimal("12.5")),
                        BigDecimal.ZERO),
                KeyFigure.compared("Average duration", ValueType.SECONDS, Cell.number(new BigDecimal("117.23")),
                        Cell.number(new BigDecimal("109.80")), new BigDecimal("6.77")),
                KeyFigure.compared("Total cost", ValueType.MONEY, Cell.money(Money.of("1234.5", "USD")), Cell.money(Money.of("0", "USD")), null));
        List<Chart.TimeSeries.Point> points = new ArrayList<>();
        List<List<Cell>> daily = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            LocalDate date = FROM.plusDays(day);
            int calls = 20 + (day * 37 % 41) + (date.getDayOfWeek().getValue() >= 6 ? -12 : 8);
            int completed = calls * 7 / 10;
            points.add(new Chart.TimeSeries.Point(date, BigDecimal.valueOf(calls)));
            daily.add(List.of(Cell.day(date), Cell.number(calls), Cell.number(completed),
                    Cell.number(BigDecimal.valueOf(completed * 100L).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_UP)),
                    Cell.money(Money.of(BigDecimal.valueOf(calls * 113L, 2).toPlainString(), "EUR"))));
        }
        List<Chart.Breakdown.Bar> bars = new ArrayList<>();
        List<List<Cell>> outcomes = new ArrayList<>();
        int[] outcomeCalls = {873, 187, 96, 52, 26};
        for (int i = 0; i < OUTCOMES.length; i++) {
            bars.add(new Chart.Breakdown.Bar(OUTCOMES[i], BigDecimal.valueOf(outcomeCalls[i])));
            outcomes.add(List.of(Cell.text(OUTCOMES[i]), Cell.number(outcomeCalls[i]),
                    Cell.number(BigDecimal.valueOf(outcomeCalls[i] * 100L).divide(BigDecimal.valueOf(1234), 2, RoundingMode.HALF_UP))));
        }
        String[] agents = {"agent-chloé", "agent-ana", "Ærøskøbing Support (night shift, overflow queue for the Nordic region)", "agent-ben",
                fifthAgent, "Łódź Team"};
        List<List<Cell>> agentRows = new ArrayList<>();
        for (int i = 0; i < agents.length; i++) {
            int calls = 340 - i * 47;
            int completed = calls * (75 - i * 3) / 100;
            agentRows.add(List.of(Cell.text(agents[i]), Cell.number(calls), Cell.number(completed),
                    Cell.number(BigDecimal.valueOf(completed * 100L).divide(BigDecimal.valueOf(calls), 2, RoundingMode.HALF_UP)),
                    Cell.number(new BigDecimal("98.5").add(BigDecimal.valueOf(i * 7))),
                    Cell.moment(Instant.parse("2026-11-30T16:03:07Z").minusSeconds(i * 5400L))));
        }
        return report(subject, figures, List.of(
                Section.of("Daily calls",
                        new Chart.TimeSeries("Calls per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR, Chart.TimeSeries.Granularity.DAY, points),
                        Table.of(List.of(Column.of("Date", ValueType.DATE), Column.of("Calls", ValueType.COUNT),
                                Column.of("Completed", ValueType.COUNT), Column.of("Success rate", ValueType.PERCENT),
                                Column.of("Cost", ValueType.MONEY)), daily)),
                Section.of("Calls by outcome", new Chart.Breakdown("Calls by outcome", ValueType.COUNT, bars),
                        Table.of(List.of(Column.of("Outcome", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                                Column.of("Share", ValueType.PERCENT)), outcomes)),
                Section.of("Agents", Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                        Column.of("Completed", ValueType.COUNT), Column.of("Success rate", ValueType.PERCENT),
                        Column.of("Avg. duration", ValueType.SECONDS), Column.of("Last call", ValueType.DATETIME)), agentRows)),
                Section.of("Transcriptions", Table.of(List.of(Column.of("Day", ValueType.DATE), Column.of("Minutes", ValueType.DECIMAL)),
                        List.of()))));
    }

    /** The six columns of the long usage-history tables. */
    static List<Column> historyColumns() {
        return List.of(Column.of("Time", ValueType.DATETIME), Column.of("Event", ValueType.TEXT), Column.of("Agent", ValueType.TEXT),
                Column.of("Duration", ValueType.SECONDS), Column.of("Size", ValueType.MEGABYTES), Column.of("Cost", ValueType.MONEY));
    }

    /** Row {@code i} of a usage history. */
    static List<Cell> historyRow(int i) {
        return List.of(Cell.moment(GENERATED.minusSeconds(86_400L * 30).plusSeconds(i * 97L)), Cell.text(i % 3 == 0 ? "call" : "transcription"),
                Cell.text("agent-" + (i % 17)), Cell.number(BigDecimal.valueOf(i % 900, 1)), Cell.number(BigDecimal.valueOf(i * 13L % 100_000, 1)),
                Cell.money(Money.of(BigDecimal.valueOf(i % 5000, 2).toPlainString(), i % 2 == 0 ? "USD" : "EUR")));
    }

    /** A report with one section holding a held table of {@code rows} usage-history rows. */
    static Report history(int rows) {
        List<List<Cell>> held = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            held.add(historyRow(i));
        }
        return report("Acme Corp", List.of(), List.of(Section.of("Usage history", Table.of(historyColumns(), held))));
    }

    static byte[] render(Report report) {
        return render(report, RenderOptions.defaults());
    }

    static byte[] render(Report report, RenderOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PdfReportRenderer().render(report, options, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static PDDocument load(byte[] pdf) {
        try {
            return Loader.loadPDF(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of pages {@code first} to {@code last} (1-based, both included). */
    static String text(PDDocument document, int first, int last) {
        try {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(first);
            stripper.setEndPage(last);
            return stripper.getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the whole document. */
    static String text(byte[] pdf) {
        try (PDDocument document = load(pdf)) {
            return text(document, 1, document.getNumberOfPages());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
