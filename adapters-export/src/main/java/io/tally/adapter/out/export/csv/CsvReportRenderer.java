package io.tally.adapter.out.export.csv;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
import java.io.BufferedOutputStream;
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
 * <p>Rows are written as they are read, through a 64 KiB buffer, so a streamed table of millions of rows
 * takes constant memory. {@code out} is flushed, not closed. Instances are thread-safe.
 */
public final class CsvReportRenderer {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CsvSchema CRLF_LINES = CsvSchema.emptySchema().withLineSeparator("\r\n");
    private static final String NO_DATA = "No data";
    private static final List<String> KEY_FIGURE_HEADER = List.of("Figure", "Value", "Unit", "Previous", "Growth %");

    /* Strict quoting: quote only for a separator, a quote or a line break (else Jackson also quotes spaces,
       '#', '+'...). Generators write no per-value flush, and never close the caller's stream. */
    private final CsvFactory factory = CsvFactory.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** Writes {@code report} to {@code out} (flushed, not closed) and returns how many table rows it wrote. */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_SIZE);
        if (options.bom()) {
            buffered.write(UTF8_BOM);
        }
        long rows;
        try (CsvGenerator generator = factory.createGenerator(buffered, JsonEncoding.UTF8)) {
            generator.setSchema(CRLF_LINES);
            Sheet sheet = new Sheet(generator, report);
            try {
                rows = report.kind().flat() ? sheet.flat() : sheet.sectioned();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        buffered.flush();
        return rows;
    }

    /** One rendering: the generator and the report's zone. */
    private static final class Sheet {

        private final CsvGenerator out;
        private final Report report;
        private final IsoMoments moments;
        private CurrencyCode lastCurrency;
        private int lastMinorDigits;

        Sheet(CsvGenerator out, Report report) {
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
            out.writeStartArray();
            for (int i = 0; i < width; i++) {
                Column column = columns.get(i);
                String name = flat && column.type() == ValueType.DATETIME ? column.name() + " (" + report.zone().value() + ")" : column.name();
                text(name);
                if (column.type() == ValueType.MONEY) {
                    money[i] = true;
                    text(name + " currency");
                }
            }
            out.writeEndArray();
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
            out.writeStartArray();
            for (int i = 0; i < money.length; i++) {
                switch (cells.get(i)) {
                    case Cell.Text text -> text(text.value());
                    case Cell.Number number -> out.writeNumber(number.value());
                    case Cell.Amount amount -> {
                        out.writeNumber(amount(amount.value()));
                        out.writeString(amount.value().currency().value());
                    }
                    case Cell.Day day -> out.writeString(day.value().toString());
                    case Cell.Moment moment -> out.writeString(moment(moment.value()));
                    case Cell.Empty empty -> {
                        out.writeString("");
                        if (money[i]) {
                            out.writeString("");
                        }
                    }
                }
            }
            out.writeEndArray();
        }

        private void keyFigure(KeyFigure figure) throws IOException {
            out.writeStartArray();
            text(figure.label());
            number(figure.value());
            text(figure.unitName());
            number(figure.previous().orElse(Cell.EMPTY));
            BigDecimal growth = figure.growthPct().orElse(null);
            if (growth == null) {
                out.writeString("");
            } else {
                out.writeNumber(growth);
            }
            out.writeEndArray();
        }


        /** A key figure's number or plain amount; empty for no value. */
        private void number(Cell cell) throws IOException {
            switch (cell) {
                case Cell.Number number -> out.writeNumber(number.value());
                case Cell.Amount amount -> out.writeNumber(amount(amount.value()));
                default -> out.writeString("");
            }
        }

        private void labelled(String label, String value) throws IOException {
            out.writeStartArray();
            text(label);
            text(value);
            out.writeEndArray();
        }

        private void heading(String title) throws IOException {
            out.writeStartArray();
            text(title);
            out.writeEndArray();
        }

        private void textRow(List<String> values) throws IOException {
            out.writeStartArray();
            for (String value : values) {
                text(value);
            }
            out.writeEndArray();
        }

        /** An empty line (the generator skips a row without fields, so it is written raw). */
        private void blankLine() throws IOException {
            out.writeRaw("\r\n");
        }

        /**
         * A text field, neutralised. Jackson's strict quoting check sees a CR (the line separator's first
         * character) but not a lone LF, so a value with an LF is quoted here.
         */
        private void text(String value) throws IOException {
            String safe = CsvInjection.neutralise(value);
            if (safe.indexOf('\n') >= 0) {
                out.writeRawValue('"' + safe.replace("\"", "\"\"") + '"');
            } else {
                out.writeString(safe);
            }
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
