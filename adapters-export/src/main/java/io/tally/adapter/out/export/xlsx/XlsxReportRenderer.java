package io.tally.adapter.out.export.xlsx;

import io.tally.adapter.out.export.presentation.KeepOpen;

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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes a report as an Excel workbook (Office Open XML, {@code .xlsx}), streamed: rows go to the output in batches
 * of {@value #FLUSH_EVERY} as they are read, so a streamed table of millions of rows takes constant memory.
 *
 * <p><b>Sheets.</b> Every report but a usage history: a {@code Summary} sheet (title, subject, period, timezone,
 * generated at, notes, and the key figures with their previous value and growth), then <b>one sheet per section</b>,
 * named after it (shortened to Excel's 31 characters, without {@code []:*?/\}), whose first row is the section's
 * full title and whose tables follow one another with a blank row between them. A usage history is <b>one plain
 * table</b> on one sheet, its header in the first row, so that it loads as data (the timezone is in the header of
 * each time column, as in the CSV). Charts are not drawn: their figures are in a table of the same section.
 *
 * <p><b>Rows.</b> A sheet holds at most {@value Worksheet#MAX_ROWS} rows. A table that does not fit goes on on a
 * new sheet ({@code Events (2)}, …) with its header repeated: nothing is cut.
 *
 * <p><b>Cells.</b> Numbers are numeric cells (counts {@code #,##0}, other numbers up to four decimals); a percent is
 * stored as a fraction with a percent format (87.5 % is 0.875, shown {@code 87.50%}); money is a numeric cell with at
 * least its currency's minor digits and the ISO code in the next column ({@code <name> currency}); days and instants
 * are real Excel dates ({@code yyyy-mm-dd}, {@code yyyy-mm-dd hh:mm:ss}) in the report's timezone. Text is always a
 * string cell, never a formula, so {@code =1+1}, {@code @SUM(A1)} or a full-width {@code ＝} stay text; characters
 * XML cannot hold (control characters but tab, CR and LF) are left out. Header rows are bold on a tint and frozen,
 * the names of number columns on the right;
 * column widths follow the header and the first rows.
 *
 * <p>{@code out} is flushed, not closed. Instances are thread-safe.
 */
public final class XlsxReportRenderer {

    /** Rows written to the output at a time; also the rows that set the column widths. */
    static final int FLUSH_EVERY = 1_000;
    private static final String HEADER_FILL = "E8EDF3";
    private static final String DATE = "yyyy-mm-dd";
    private static final String DATE_TIME = "yyyy-mm-dd hh:mm:ss";
    private static final String PERCENT = "0.00%";
    private static final String WHOLE = "#,##0";
    private static final String FRACTION = "#,##0.0###";
    private static final int MAX_SHEET_NAME = 31;
    private static final double MIN_WIDTH = 8;
    private static final double MAX_WIDTH = 60;
    private static final String NO_DATA = "No data";

    private final int maxRows;

    public XlsxReportRenderer() {
        this(Worksheet.MAX_ROWS);
    }

    /** A renderer whose sheets hold at most {@code maxRows} rows (Excel's limit, or fewer to test the overflow). */
    XlsxReportRenderer(int maxRows) {
        if (maxRows < 3 || maxRows > Worksheet.MAX_ROWS) {
            throw new IllegalArgumentException("a sheet holds 3 to " + Worksheet.MAX_ROWS + " rows");
        }
        this.maxRows = maxRows;
    }

    /** Writes {@code report} to {@code out} (flushed, not closed) and returns how many table rows it wrote. */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        Workbook workbook = new Workbook(new KeepOpen(out), "Tally", "1.0");
        workbook.properties().setTitle(report.title() + " – " + report.subject()).setSubject(report.subject())
                .setCompany(report.brand().name());
        Book book = new Book(workbook, report);
        long rows;
        try {
            rows = report.kind().flat() ? book.flat() : book.sectioned();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        workbook.finish();
        out.flush();
        return rows;
    }

    /** One rendering: the workbook, the report, and the sheet names taken. */
    private final class Book {

        private final Workbook workbook;
        private final Report report;
        private final ZoneId zone;
        private final Set<String> names = new HashSet<>();

        Book(Workbook workbook, Report report) {
            this.workbook = workbook;
            this.report = report;
            this.zone = report.zone().zone();
        }

        long sectioned() throws IOException {
            summary();
            long rows = 0;
            for (Section section : report.sections()) {
                List<Table> tables = section.blocks().stream().filter(Table.class::isInstance).map(Table.class::cast).toList();
                if (tables.isEmpty()) {
                    continue;
                }
                Sheet sheet = sheet(section.title());
                sheet.title(section.title());
                sheet.freezeBelow(2);
                boolean first = true;
                for (Table table : tables) {
                    if (!first) {
                        sheet.nextRow();
                    }
                    first = false;
                    rows += table(sheet, section.title(), table, false);
                    sheet = current;
                }
                for (Block block : section.blocks()) {
                    if (block instanceof Paragraph paragraph) {
                        sheet.nextRow();
                        sheet.paragraph(paragraph.text());
                    }
                }
                sheet.finish();
            }
            return rows;
        }

        long flat() throws IOException {
            Table only = null;
            String title = null;
            for (Section section : report.sections()) {
                for (Block block : section.blocks()) {
                    if (block instanceof Table table) {
                        if (only != null) {
                            throw new IllegalArgumentException("a flat workbook (" + report.kind().name() + ") holds one table, this report has more");
                        }
                        only = table;
                        title = section.title();
                    }
                }
            }
            if (only == null) {
                throw new IllegalArgumentException("a flat workbook (" + report.kind().name() + ") needs a table, this report has none");
            }
            Sheet sheet = sheet(title);
            sheet.freezeBelow(1);
            long rows = table(sheet, title, only, true);
            current.finish();
            return rows;
        }

        /** The sheet a table is being written on: a table that overflows one goes on on the next. */
        private Sheet current;

        /**
         * The table's header, then its rows; when a sheet is full, the rest go on a new sheet under the header again.
         * An empty table gets a {@code No data} row unless flat.
         */
        private long table(Sheet start, String title, Table table, boolean flat) {
            current = start;
            List<Column> columns = table.columns();
            List<String> header = new ArrayList<>();
            List<ValueType> types = new ArrayList<>();
            for (Column column : columns) {
                String name = flat && column.type() == ValueType.DATETIME ? column.name() + " (" + report.zone().value() + ")" : column.name();
                header.add(name);
                types.add(column.type());
                if (column.type() == ValueType.MONEY) {
                    header.add(name + " currency");
                    types.add(ValueType.TEXT);
                }
            }
            try {
                if (current.rowsLeft() < 2) {
                    continued(title, flat);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            current.header(header, types);
            long count = table.forEachRow(cells -> {
                try {
                    if (current.isFull()) {
                        continued(title, flat);
                        current.header(header, types);
                    }
                    int c = 0;
                    for (int i = 0; i < cells.size(); i++) {
                        Cell cell = cells.get(i);
                        ValueType type = columns.get(i).type();
                        current.value(c++, cell, type);
                        if (type == ValueType.MONEY) {
                            if (cell instanceof Cell.Amount(Money money)) {
                                current.text(c, money.currency().value());
                            }
                            c++;
                        }
                    }
                    current.nextRow();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (count == 0 && !flat) {
                current.text(0, NO_DATA);
                try {
                    current.nextRow();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return count;
        }

        /** Finishes the full sheet and starts the next one of the same title. */
        private void continued(String title, boolean flat) throws IOException {
            current.finish();
            current = sheet(title);
            if (!flat) {
                current.title(title + " (continued)");
            }
            current.freezeBelow(flat ? 1 : 2);
        }

        private void summary() throws IOException {
            Sheet sheet = sheet("Summary");
            sheet.title(report.title());
            labelled(sheet, "Subject", Cell.text(report.subject()), ValueType.TEXT);
            labelled(sheet, "Period from", Cell.day(report.from()), ValueType.DATE);
            labelled(sheet, "Period to", Cell.day(report.to()), ValueType.DATE);
            labelled(sheet, "Timezone", Cell.text(report.zone().value()), ValueType.TEXT);
            labelled(sheet, "Generated at", Cell.moment(report.generatedAt()), ValueType.DATETIME);
            for (String note : report.notes()) {
                labelled(sheet, "Note", Cell.text(note), ValueType.TEXT);
            }
            if (!report.keyFigures().isEmpty()) {
                sheet.nextRow();
                sheet.header(List.of("Figure", "Value", "Unit", "Previous", "Growth %"),
                        List.of(ValueType.TEXT, ValueType.DECIMAL, ValueType.TEXT, ValueType.DECIMAL, ValueType.PERCENT));
                for (KeyFigure figure : report.keyFigures()) {
                    sheet.text(0, figure.label());
                    sheet.value(1, figure.value(), figure.type());
                    sheet.text(2, figure.unitName());
                    sheet.value(3, figure.previous().orElse(Cell.EMPTY), figure.type());
                    sheet.value(4, Cell.number(figure.growthPct().orElse(null)), ValueType.PERCENT);
                    sheet.nextRow();
                }
            }
            sheet.finish();
        }

        /** A row of the title block; its text does not widen the column (a long note runs on over the empty cells beside it). */
        private void labelled(Sheet sheet, String label, Cell value, ValueType type) throws IOException {
            sheet.bold(0, label);
            if (value instanceof Cell.Text text) {
                sheet.overflowing(1, text.value());
            } else {
                sheet.value(1, value, type);
            }
            sheet.nextRow();
        }

        /** A new sheet with a unique name made from {@code title}. */
        private Sheet sheet(String title) {
            String base = sheetName(title);
            String name = base;
            for (int n = 2; names.contains(name.toLowerCase(Locale.ROOT)); n++) {
                String suffix = " (" + n + ")";
                name = base.substring(0, Math.min(base.length(), MAX_SHEET_NAME - suffix.length())).stripTrailing() + suffix;
            }
            names.add(name.toLowerCase(Locale.ROOT));
            return new Sheet(workbook.newWorksheet(name), zone, maxRows);
        }
    }


    /** A name Excel takes: no {@code []:*?/\}, no apostrophe at either end, 1 to 31 characters. */
    static String sheetName(String title) {
        StringBuilder name = new StringBuilder();
        title.codePoints().forEach(c -> name.appendCodePoint("[]:*?/\\".indexOf(c) >= 0 || Character.isISOControl(c) ? '-' : c));
        String cleaned = name.toString().strip();
        while (cleaned.startsWith("'")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.length() > MAX_SHEET_NAME) {
            int end = MAX_SHEET_NAME;
            if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
                end--;
            }
            cleaned = cleaned.substring(0, end);
        }
        cleaned = cleaned.strip();
        while (cleaned.endsWith("'")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned.isBlank() ? "Sheet" : cleaned;
    }

    /** The number format of a number or an amount. */
    static String numberFormat(BigDecimal value, ValueType type) {
        if (type == ValueType.PERCENT) {
            return PERCENT;
        }
        return value.stripTrailingZeros().scale() <= 0 ? WHOLE : FRACTION;
    }

    /** At least the currency's minor digits, more when the amount has them (a unit price of EUR 0.0490). */
    static String moneyFormat(Money money) {
        int digits = Math.min(10, Math.max(Math.max(0, money.currency().minorUnitDigits()), money.amount().scale()));
        return digits == 0 ? WHOLE : WHOLE + "." + "0".repeat(digits);
    }

    /** A value as Excel stores it: a plain decimal (no negative scale), a percent as a fraction. */
    static BigDecimal stored(BigDecimal value, ValueType type) {
        BigDecimal plain = value.scale() < 0 ? value.setScale(0) : value;
        return type == ValueType.PERCENT ? plain.movePointLeft(2) : plain;
    }

    /**
     * One worksheet being written: the next row, the column widths measured until the first flush, and the number
     * format of each column's cells since the last flush, applied as runs of equal formats (one style lookup per run,
     * not per cell).
     */
    private static final class Sheet {

        private final Worksheet sheet;
        private final ZoneId zone;
        private final int maxRows;
        private final List<Double> widths = new ArrayList<>();
        private final List<Run> runs = new ArrayList<>();
        private int row;
        private int unflushed;
        private boolean flushed;

        Sheet(Worksheet sheet, ZoneId zone, int maxRows) {
            this.sheet = sheet;
            this.zone = zone;
            this.maxRows = maxRows;
        }

        boolean isFull() {
            return row >= maxRows;
        }

        int rowsLeft() {
            return maxRows - row;
        }

        void freezeBelow(int rows) {
            sheet.freezePane(0, rows);
        }

        /** The first row: a title in bold, larger. */
        /** Words under a section's tables, in one cell of their own row, never read as a formula. */
        void paragraph(String text) throws IOException {
            sheet.inlineString(row, 0, text);
            sheet.style(row, 0).italic().set();
            nextRow();
        }

        void title(String title) throws IOException {
            sheet.inlineString(row, 0, title);
            sheet.style(row, 0).bold().fontSize(13).set();
            nextRow();
        }

        /** A header row: bold on a tint, the columns as wide as their names at least. */
        void header(List<String> names, List<ValueType> types) {
            for (int c = 0; c < names.size(); c++) {
                sheet.inlineString(row, c, names.get(c));
                measure(c, names.get(c).length() + 2);
                measure(c, switch (types.get(c)) {
                    case DATETIME -> 19;
                    case DATE -> 11;
                    default -> 0;
                });
            }
            sheet.range(row, 0, row, names.size() - 1).style().bold().fillColor(HEADER_FILL).set();
            for (int c = 0; c < names.size(); c++) {
                if (types.get(c).isNumeric()) {
                    // over its numbers, on the right
                    sheet.style(row, c).horizontalAlignment("right").set();
                }
            }
            try {
                nextRow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void bold(int column, String text) {
            text(column, text);
            sheet.style(row, column).bold().set();
        }

        /** Text that is not measured for the column's width. */
        void overflowing(int column, String text) {
            sheet.inlineString(row, column, text);
        }

        void text(int column, String text) {
            sheet.inlineString(row, column, text);
            measure(column, text.length());
        }

        /** A cell of a column or key figure of {@code type}; nothing for an empty one. */
        void value(int column, Cell cell, ValueType type) {
            switch (cell) {
                case Cell.Empty empty -> {
                }
                case Cell.Text text -> text(column, text.value());
                case Cell.Number number -> {
                    BigDecimal stored = stored(number.value(), type);
                    sheet.value(row, column, stored);
                    format(column, numberFormat(number.value(), type));
                    measure(column, number.value().toPlainString().length() + 3);
                }
                case Cell.Amount amount -> {
                    sheet.value(row, column, stored(amount.value().amount(), ValueType.MONEY));
                    format(column, moneyFormat(amount.value()));
                    measure(column, amount.value().amount().toPlainString().length() + 3);
                }
                case Cell.Day day -> {
                    sheet.value(row, column, day.value());
                    format(column, DATE);
                    measure(column, 11);
                }
                case Cell.Moment moment -> {
                    sheet.value(row, column, LocalDateTime.ofInstant(moment.value(), zone));
                    format(column, DATE_TIME);
                    measure(column, 19);
                }
            }
        }

        void nextRow() throws IOException {
            row++;
            if (++unflushed >= FLUSH_EVERY) {
                flush();
            }
        }

        void finish() throws IOException {
            flush();
            sheet.finish();
        }

        private void measure(int column, int characters) {
            if (flushed) {
                return;
            }
            while (widths.size() <= column) {
                widths.add(0d);
            }
            widths.set(column, Math.max(widths.get(column), characters * 1.1 + 1));
        }

        private void format(int column, String format) {
            while (runs.size() <= column) {
                runs.add(null);
            }
            Run run = runs.get(column);
            if (run != null && run.last == row - 1 && run.format.equals(format)) {
                run.last = row;
                return;
            }
            if (run != null) {
                apply(column, run);
            }
            runs.set(column, new Run(row, format));
        }

        private void apply(int column, Run run) {
            sheet.range(run.first, column, run.last, column).style().format(run.format).set();
        }

        private void flush() throws IOException {
            for (int c = 0; c < runs.size(); c++) {
                if (runs.get(c) != null) {
                    apply(c, runs.get(c));
                    runs.set(c, null);
                }
            }
            if (!flushed) {
                for (int c = 0; c < widths.size(); c++) {
                    sheet.width(c, Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths.get(c))));
                }
                flushed = true;
            }
            sheet.flush();
            unflushed = 0;
        }
    }

    /** Rows {@code first} to {@code last} of a column whose cells share a number format. */
    private static final class Run {
        private final int first;
        private final String format;
        private int last;

        Run(int first, String format) {
            this.first = first;
            this.last = first;
            this.format = format;
        }
    }
}
