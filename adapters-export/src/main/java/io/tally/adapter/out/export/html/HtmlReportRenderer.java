package io.tally.adapter.out.export.html;

import io.tally.adapter.out.export.presentation.KeepOpen;

import io.tally.adapter.out.export.presentation.Formats;
import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Trend;
import io.tally.domain.report.Block;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes a report as one self-contained HTML page: the content of the PDF (the brand band and title, subject, period,
 * timezone and generated-at, notes, key-figure cards with their trend coloured by what is good news, then every
 * section's charts and tables in order, "No data for this period." where there is nothing), with its CSS in a
 * {@code <style>} element and its charts as inline SVG ({@link SvgCharts}): no script, no external file, no font
 * to load, so it reads the same offline, in a browser or as the body of an e-mail.
 *
 * <p>Every value, title, label and note is escaped ({@link Html#escape}); values read as in the PDF
 * ({@link Formats}). Table rows are written as they are read, through a 64 KiB buffer, so a long table takes
 * constant memory. {@code out} is flushed, not closed. Instances are thread-safe.
 */
public final class HtmlReportRenderer {

    static final String NO_DATA = "No data for this period.";
    private static final int BUFFER_SIZE = 64 * 1024;

    /** Writes {@code report} to {@code out} (flushed, not closed) and returns how many table rows it wrote. */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        Writer writer = new BufferedWriter(new OutputStreamWriter(new KeepOpen(out), StandardCharsets.UTF_8), BUFFER_SIZE);
        long rows;
        try {
            rows = new Page(writer, report).write();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return rows;
    }

    /** One rendering. */
    private static final class Page {

        private final Writer out;
        private final Report report;
        private final Formats formats;
        private final Palette palette;
        private final SvgCharts charts;

        Page(Writer out, Report report) {
            this.out = out;
            this.report = report;
            this.formats = new Formats(report.zone().zone());
            this.palette = Palette.of(report.brand().colour());
            this.charts = new SvgCharts(formats, palette);
        }

        long write() throws IOException {
            out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
            text(report.title() + " – " + report.subject());
            out.write("</title>\n<style>\n");
            out.write(Stylesheet.css(palette));
            out.write("</style>\n</head>\n<body>\n<div class=\"report\">\n");
            header();
            keyFigures();
            long rows = 0;
            for (Section section : report.sections()) {
                rows += section(section);
            }
            out.write("<footer>");
            text(report.brand().name() + "  ·  " + report.title() + "  ·  generated " + formats.generatedAt(report.generatedAt()) + " "
                    + report.zone().value());
            out.write("</footer>\n</div>\n</body>\n</html>\n");
            return rows;
        }

        private void header() throws IOException {
            out.write("<header class=\"band\"><div class=\"brand\">");
            text(report.brand().name());
            out.write("</div><h1>");
            text(report.title());
            out.write("</h1></header>\n<dl class=\"meta\">");
            meta(report.kind().perCustomer() ? "Customer" : "Account", report.subject(), true);
            meta("Period", formats.period(report.from(), report.to()), false);
            meta("Timezone", report.zone().value(), false);
            meta("Generated", formats.generatedAt(report.generatedAt()), false);
            out.write("</dl>\n");
            for (String note : report.notes()) {
                out.write("<p class=\"note\">");
                text(note);
                out.write("</p>\n");
            }
        }

        private void meta(String label, String value, boolean strong) throws IOException {
            out.write("<div><dt>");
            text(label);
            out.write(strong ? "</dt><dd class=\"strong\">" : "</dt><dd>");
            text(value);
            out.write("</dd></div>");
        }

        private void keyFigures() throws IOException {
            if (report.keyFigures().isEmpty()) {
                return;
            }
            out.write("<div class=\"cards\">\n");
            for (KeyFigure figure : report.keyFigures()) {
                out.write("<div class=\"card\"><div class=\"label\">");
                text(figure.label());
                out.write("</div><div class=\"value\">");
                text(formats.cell(figure.value(), figure.type()));
                out.write("</div>");
                if (figure.previous().isPresent()) {
                    Trend trend = Trend.of(figure, formats);
                    out.write("<div class=\"trend\"><span class=\"" + switch (trend.verdict()) {
                        case GOOD -> "good";
                        case BAD -> "bad";
                        case NEUTRAL -> "neutral";
                    } + "\">");
                    text(trend.text());
                    out.write("</span> <span class=\"previous\">prev. ");
                    text(formats.cell(figure.previous().get(), figure.type()));
                    out.write("</span></div>");
                }
                out.write("</div>\n");
            }
            out.write("</div>\n");
        }

        /** The section's title, then its blocks; "No data for this period." once for consecutive empty blocks. */
        private long section(Section section) throws IOException {
            out.write("<section>\n<h2>");
            text(section.title());
            out.write("</h2>\n");
            long rows = 0;
            boolean lastEmpty = false;
            for (Block block : section.blocks()) {
                boolean empty;
                switch (block) {
                    case Table table -> {
                        long count = table(table);
                        rows += count;
                        empty = count == 0;
                    }
                    case Chart chart -> {
                        empty = !chart.hasData();
                        if (!empty) {
                            charts.write(chart, out);
                        }
                    }
                    case Paragraph paragraph -> {
                        out.write("<p class=\"text\">");
                        text(paragraph.text());
                        out.write("</p>\n");
                        empty = false;
                    }
                }
                if (empty && !lastEmpty) {
                    noData();
                }
                lastEmpty = empty;
            }
            if (section.blocks().isEmpty()) {
                noData();
            }
            out.write("</section>\n");
            return rows;
        }

        /** A table, its header and its rows as they are read; nothing (the caller says "No data") when it has none. */
        private long table(Table table) throws IOException {
            List<Column> columns = table.columns();
            StringBuilder head = new StringBuilder("<table>\n<thead><tr>");
            for (Column column : columns) {
                head.append(column.type().isNumeric() ? "<th class=\"num\">" : "<th>").append(Html.escape(column.name())).append("</th>");
            }
            head.append("</tr></thead>\n<tbody>\n");
            boolean[] started = {false};
            long count = table.forEachRow(cells -> {
                try {
                    if (!started[0]) {
                        out.write(head.toString());
                        started[0] = true;
                    }
                    out.write("<tr>");
                    for (int i = 0; i < cells.size(); i++) {
                        ValueType type = columns.get(i).type();
                        out.write(type.isNumeric() ? "<td class=\"num\">" : type == ValueType.TEXT ? "<td dir=\"auto\">" : "<td>");
                        text(formats.cell(cells.get(i), type));
                        out.write("</td>");
                    }
                    out.write("</tr>\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (started[0]) {
                out.write("</tbody>\n</table>\n");
            }
            return count;
        }

        private void noData() throws IOException {
            out.write("<p class=\"empty\">" + NO_DATA + "</p>\n");
        }

        private void text(String value) throws IOException {
            Html.escape(value, out);
        }
    }
}
