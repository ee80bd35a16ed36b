package io.tally.adapter.out.export.csv;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Money;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes a report as CSV (RFC 4180): UTF-8, comma separated, CRLF line ends, a field quoted only when it
 * holds a quote, a comma, a CR or an LF, quotes doubled; with {@link RenderOptions#bom()} a UTF-8 byte order
 * mark comes first.
 *
 * <p><b>Sectioned layout</b> (every report but a usage history):
 * <pre>
 * Report,Usage summary
 * Subject,Acme
 * Period from,2026-11-01
 * Period to,2026-11-30
 * Timezone,Europe/Paris
 * Generated at,2026-12-01T09:30:00+01:00
 * Note,measured until 2026-11-20
 *
 * Key figures
 * Figure,Value,Unit,Previous,Growth %
 * Events,1200,count,1000,20
 * Cost,12.30,USD,10.00,23
 *
 * Daily usage
 * Day,Events,Cost,Cost currency
 * 2026-11-01,40,0.41,USD
 * </pre>
 * A title block, then (when the report has key figures) the key figures, then each section: a blank line, the
 * section's title alone on a row, and for each table its header row and its rows (a blank line between two
 * tables of one section). A table without rows gets a single {@code No data} row under its header. A section's
 * paragraphs follow its tables, each a row of one cell after a blank line.
 * <b>Charts are not written</b>: CSV has no pictures, and every chart shows figures that a table of its
 * section already lists.
 *
 * <p><b>Flat layout</b> (a flat report, {@link io.tally.domain.report.ReportKind#flat}): the report's one table only, header row first,
 * with no title block and no section rows, so a spreadsheet or a loader reads it as a plain table. The
 * timezone then shows in the header of each time column ({@code occurred_at (Europe/Paris)}), and an empty
 * table is just its header row.
 *
 * <p><b>Values</b>: numbers are written as plain numbers ({@link BigDecimal#toPlainString()}: a dot, no
 * exponent, no grouping), unquoted; a {@link ValueType#MONEY} column becomes two columns, {@code <name>}
 * with the amount as a plain number and {@code <name> currency} with the ISO 4217 code; days are ISO dates
 * ({@code 2026-11-02}); instants are ISO 8601 date-times with the offset of the report's timezone
 * ({@code 2026-11-02T14:03:07+01:00}; seconds always, a fraction only when not zero, {@code Z} for UTC); an
 * empty cell is an empty field. Text (cells, titles, labels, column names) goes through
 * {@link CsvInjection#neutralise(String)}; numbers never do.
 *
 * <p>Rows are written as they are read, as UTF-8 bytes through a 64 KiB buffer ({@link CsvWriter}), so a streamed
 * table of millions of rows takes constant memory and no string per value. {@code out} is flushed, not closed.
 * Instances are thread-safe.
 */
public final class CsvReportRenderer {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String NO_DATA = "No data";
    private static final List<String> KEY_FIGURE_HEADER = List.of("Figure", "Value", "Unit", "Previous", "Growth %");

    /** Writes {@code report} to {@code out} (flushed, not closed) and returns how many table rows it wrote. */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        CsvWriter writer = new CsvWriter(out);
        if (options.bom()) {
            writer.raw(UTF8_BOM);
        }
        long rows;
        Sheet sheet = new Sheet(writer, report);
        try {
            rows = report.kind().flat() ? sheet.flat() : sheet.sectioned();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return rows;
    }

    /** One rendering: the writer and the report's zone. */
    private static final class Sheet {

        private final CsvWriter out;
        private final Report report;
        private final IsoMoments moments;
        private CurrencyCode lastCurrency;
        private int lastMinorDigits;

        Sheet(CsvWriter out, Report report) {
            this.out = out;
            this.report = report;
            this.moments = new IsoMoments(report.zone().zone());
        }

        long sectioned() throws IOException {
            labelled("Report", report.title());
            labelled("Subject", report.subject());
            labelled("Period from", report.from().toString());
            labelled("Period to", report.to().toString());
            labelled("Timezone", report.zone().value());
            labelled("Generated at", moment(report.generatedAt()));
            for (String note : report.notes()) {
                labelled("Note", note);
            }
            if (!report.keyFigures().isEmpty()) {
                blankLine();
                heading("Key figures");
                textRow(KEY_FIGURE_HEADER);
                for (KeyFigure figure : report.keyFigures()) {
                    keyFigure(figure);
                }
            }
            long rows = 0;
            for (Section section : report.sections()) {
                blankLine();
                heading(section.title());
                boolean first = true;
                for (Block block : section.blocks()) {
                    if (block instanceof Table table) {
                        if (!first) {
                            blankLine();
                        }
                        rows += table(table, false);
                        first = false;
                    }
                }
                for (Block block : section.blocks()) {
                    if (block instanceof Paragraph paragraph) {
                        if (!first) {
                            blankLine();
                        }
                        textRow(List.of(paragraph.text()));
                        first = false;
                    }
                }
            }
            return rows;
        }

        long flat() throws IOException {
            Table only = null;
            for (Section section : report.sections()) {
                for (Block block : section.blocks()) {
                    if (block instanceof Table table) {
                        if (only != null) {
                            throw new IllegalArgumentException("a flat CSV (" + report.kind().name() + ") holds one table, this report has more");
                        }
                        only = table;
                    }
                }
            }
            if (only == null) {
                throw new IllegalArgumentException("a flat CSV (" + report.kind().name() + ") needs a table, this report has none");
            }
            return table(only, true);
        }

        /** The header row, then every row; {@code No data} for an empty table unless flat. */
        private long table(Table table, boolean flat) throws IOException {
            List<Column> columns = table.columns();
            int width = columns.size();
            boolean[] money = new boolean[width];
            for (int i = 0; i < width; i++) {
                Column column = columns.get(i);
                String name = flat && column.type() == ValueType.DATETIME ? column.name() + " (" + report.zone().value() + ")" : column.name();
                text(name);
                if (column.type() == ValueType.MONEY) {
                    money[i] = true;
                    text(name + " currency");
                }
            }
            out.endRow();
            long count = table.forEachRow(cells -> {
                try {
                    row(cells, money);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (count == 0 && !flat) {
                heading(NO_DATA);
            }
            return count;
        }

        private void row(List<Cell> cells, boolean[] money) throws IOException {
            for (int i = 0; i < money.length; i++) {
                switch (cells.get(i)) {
                    case Cell.Text text -> text(text.value());
                    case Cell.Number number -> out.number(number.value());
                    case Cell.Amount amount -> {
                        out.ascii(amount(amount.value()));
                        out.text(amount.value().currency().value());
                    }
                    case Cell.Day day -> out.text(day.value().toString());
                    case Cell.Moment moment -> out.moment(moments, moment.value());
                    case Cell.Empty empty -> {
                        out.text("");
                        if (money[i]) {
                            out.text("");
                        }
                    }
                }
            }
            out.endRow();
        }

        private void keyFigure(KeyFigure figure) throws IOException {
            text(figure.label());
            number(figure.value());
            text(figure.unitName());
            number(figure.previous().orElse(Cell.EMPTY));
            BigDecimal growth = figure.growthPct().orElse(null);
            if (growth == null) {
                out.text("");
            } else {
                out.number(growth);
            }
            out.endRow();
        }


        /** A key figure's number or plain amount; empty for no value. */
        private void number(Cell cell) throws IOException {
            switch (cell) {
                case Cell.Number number -> out.number(number.value());
                case Cell.Amount amount -> out.ascii(amount(amount.value()));
                default -> out.text("");
            }
        }

        private void labelled(String label, String value) throws IOException {
            text(label);
            text(value);
            out.endRow();
        }

        private void heading(String title) throws IOException {
            text(title);
            out.endRow();
        }

        private void textRow(List<String> values) throws IOException {
            for (String value : values) {
                text(value);
            }
            out.endRow();
        }

        /** An empty line (a row without fields is not written, so it is written as a line end). */
        private void blankLine() throws IOException {
            out.blankLine();
        }

        /** A text field, neutralised ({@link CsvInjection}): the apostrophe is written before the value, not joined to it. */
        private void text(String value) throws IOException {
            out.text(CsvInjection.startsFormula(value), value);
        }

        /**
         * {@link Money#amountText()}, which an amount that already has its currency's minor digits equals as
         * a plain string; the currency's digits are looked up once per change of currency.
         */
        private String amount(Money money) {
            CurrencyCode currency = money.currency();
            if (!currency.equals(lastCurrency)) {
                lastCurrency = currency;
                lastMinorDigits = currency.minorUnitDigits();
            }
            return money.amount().scale() == lastMinorDigits ? money.amount().toPlainString() : money.amountText();
        }

        private String moment(Instant instant) {
            return moments.format(instant);
        }
    }
}
