package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.Palette;
import io.tally.adapter.out.export.presentation.Rgb;

import io.tally.adapter.out.export.presentation.Formats;

import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a table: a header row in the brand colour, repeated at the top of every page the table continues
 * on, then zebra-striped rows with numbers right-aligned and over-long text cut with "…".
 * <p>
 * Rows are read once with {@link Table#forEachRow}. Column widths come from the header, a width typical of
 * each type, and the first {@value #SAMPLE_ROWS} rows, which are held back until the widths are known;
 * every later row is drawn as it arrives, so a streamed table of any length uses bounded memory. A table of
 * up to {@value #KEEP_TOGETHER_ROWS} rows is not split across pages when it fits on one. When the
 * columns do not fit at the normal size the font shrinks, down to {@value #MIN_SIZE} pt.
 */
final class TablePainter {

    static final int SAMPLE_ROWS = 100;
    /** Tables of up to this many rows are kept on one page when they fit on one. */
    static final int KEEP_TOGETHER_ROWS = 12;
    private static final float NORMAL_SIZE = 8.5f;
    private static final float MIN_SIZE = 6f;
    private static final float SIZE_STEP = 0.5f;
    /** A text column is comfortable at 14 em even when some of its values are longer (those are cut). */
    private static final long COMFORTABLE_TEXT_UNITS = 14_000;
    /** Text columns give way first when nothing else fits, but not below 6 em. */
    private static final long MIN_TEXT_UNITS = 6_000;
    private static final float CAP_HEIGHT = 0.73f;

    private final Canvas canvas;
    private final Formats formats;
    private final Typesetter type;

    TablePainter(Canvas canvas, Formats formats) {
        this.canvas = canvas;
        this.formats = formats;
        this.type = canvas.type();
    }

    /**
     * The height a table needs on a page before it starts: all of a short held table (so it is not split),
     * else its header and two rows.
     */
    static float startHeight(Table table) {
        int rows = table.isStreamed() || table.rows().size() > KEEP_TOGETHER_ROWS ? 2 : Math.max(1, table.rows().size());
        return NORMAL_SIZE * 2.4f + rows * NORMAL_SIZE * 2f;
    }

    /** Draws the table's rows (none when it has none) and returns how many there were. */
    long paint(Table table) throws IOException {
        Drawing drawing = new Drawing(table.columns());
        long rows;
        try {
            rows = table.forEachRow(drawing::accept);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        drawing.finish();
        return rows;
    }

    /** The state of one table being drawn: the held-back sample, then the layout and the row count. */
    private final class Drawing {

        private final List<Column> columns;
        private final List<List<Cell>> sample = new ArrayList<>();
        private Layout layout;
        private long index;

        Drawing(List<Column> columns) {
            this.columns = columns;
        }

        void accept(List<Cell> row) {
            try {
                if (layout == null) {
                    sample.add(row);
                    if (sample.size() == SAMPLE_ROWS) {
                        start();
                    }
                } else {
                    row(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            if (layout == null && !sample.isEmpty()) {
                start();
            }
            if (layout != null) {
                canvas.line(canvas.left(), canvas.y(), canvas.right(), canvas.y(), 0.6f, Palette.RULE);
                canvas.down(4);
            }
        }

        private void start() throws IOException {
            layout = Layout.plan(columns, sample, type, formats, canvas.width());
            int together = sample.size() <= KEEP_TOGETHER_ROWS ? sample.size() : 2;
            canvas.ensureRoom(layout.headerHeight() + together * layout.rowHeight());
            header();
            for (List<Cell> row : sample) {
                row(row);
            }
            sample.clear();
        }

        private void header() throws IOException {
            float height = layout.headerHeight();
            float top = canvas.y();
            Palette palette = canvas.palette();
            canvas.fillRect(canvas.left(), top - height, canvas.width(), height, palette.brand());
            float baseline = top - (height + layout.size() * CAP_HEIGHT) / 2;
            float x = canvas.left();
            for (int i = 0; i < columns.size(); i++) {
                cell(columns.get(i).name(), Style.BOLD, palette.onBrand(), x, baseline, i);
                x += layout.widths()[i];
            }
            canvas.down(height);
        }

        private void row(List<Cell> row) throws IOException {
            float height = layout.rowHeight();
            if (canvas.ensureRoom(height)) {
                header();
            }
            float top = canvas.y();
            if (index % 2 == 1) {
                canvas.fillRect(canvas.left(), top - height, canvas.width(), height, Palette.ZEBRA);
            }
            float baseline = top - (height + layout.size() * CAP_HEIGHT) / 2;
            float x = canvas.left();
            for (int i = 0; i < columns.size(); i++) {
                Cell cell = row.get(i);
                Rgb colour = cell instanceof Cell.Empty ? Palette.FAINT : Palette.TEXT;
                cell(formats.cell(cell, columns.get(i).type()), Style.REGULAR, colour, x, baseline, i);
                x += layout.widths()[i];
            }
            canvas.down(height);
            index++;
        }

        private void cell(String raw, Style style, Rgb colour, float x, float baseline, int column) throws IOException {
            float width = layout.widths()[column];
            float padding = layout.padding();
            boolean right = columns.get(column).type().isNumeric();
            canvas.text(raw, style, layout.size(), colour, right ? x + width - padding : x + padding, baseline, width - 2 * padding,
                    right ? Canvas.Align.RIGHT : Canvas.Align.LEFT);
        }
    }

    /** Column widths (summing to the available width) and the font size they were chosen for. */
    record Layout(float[] widths, float size) {

        float padding() {
            return size * 0.7f;
        }

        float headerHeight() {
            return size * 2.4f;
        }

        float rowHeight() {
            return size * 2f;
        }

        /**
         * Natural width of a column = the widest of its header, a typical value of its type and its sampled
         * values. Text columns are content with 14 em. The largest size from 8.5 pt down to 6 pt at which the
         * columns fit is used; spare width goes first to text columns that want it, then spreads out; if even
         * 6 pt is too wide, text columns give way down to 6 em, then all columns in proportion (their values are cut).
         */
        static Layout plan(List<Column> columns, List<List<Cell>> sample, Typesetter type, Formats formats, float available) {
            int count = columns.size();
            long[] natural = new long[count];
            long[] comfortable = new long[count];
            boolean[] text = new boolean[count];
            for (int i = 0; i < count; i++) {
                Column column = columns.get(i);
                text[i] = column.type() == ValueType.TEXT;
                long header = type.units(type.clean(column.name(), Style.BOLD), Style.BOLD);
                long widest = type.units(typical(column.type()), Style.REGULAR);
                for (List<Cell> row : sample) {
                    widest = Math.max(widest, type.units(type.clean(formats.cell(row.get(i), column.type()), Style.REGULAR), Style.REGULAR));
                }
                natural[i] = Math.max(header, widest);
                comfortable[i] = text[i] ? Math.min(natural[i], Math.max(header, COMFORTABLE_TEXT_UNITS)) : natural[i];
            }
            float size = NORMAL_SIZE;
            while (size > MIN_SIZE && total(comfortable, size) > available) {
                size -= SIZE_STEP;
            }
            float padding = size * 0.7f;
            float[] widths = new float[count];
            for (int i = 0; i < count; i++) {
                widths[i] = comfortable[i] * size / 1000f + 2 * padding;
            }
            float spare = available - sum(widths);
            if (spare >= 0) {
                spare = growTextColumns(widths, natural, text, size, padding, spare);
                spread(widths, text, spare);
            } else {
                shrink(widths, text, -spare, 2 * padding + MIN_TEXT_UNITS * size / 1000f);
            }
            return new Layout(widths, size);
        }

        private static float growTextColumns(float[] widths, long[] natural, boolean[] text, float size, float padding, float spare) {
            float wanted = 0;
            float[] want = new float[widths.length];
            for (int i = 0; i < widths.length; i++) {
                if (text[i]) {
                    want[i] = Math.max(0, natural[i] * size / 1000f + 2 * padding - widths[i]);
                    wanted += want[i];
                }
            }
            if (wanted == 0) {
                return spare;
            }
            float share = Math.min(1, spare / wanted);
            for (int i = 0; i < widths.length; i++) {
                widths[i] += want[i] * share;
            }
            return spare - wanted * share;
        }

        /** Spare width to the text columns in proportion to their width, or evenly to all when there are none. */
        private static void spread(float[] widths, boolean[] text, float spare) {
            float textWidth = 0;
            for (int i = 0; i < widths.length; i++) {
                if (text[i]) {
                    textWidth += widths[i];
                }
            }
            for (int i = 0; i < widths.length; i++) {
                if (textWidth > 0) {
                    widths[i] += text[i] ? spare * widths[i] / textWidth : 0;
                } else {
                    widths[i] += spare / widths.length;
                }
            }
        }

        /** Takes {@code excess} from the widest text columns (not below {@code floor}), then from all in proportion. */
        private static void shrink(float[] widths, boolean[] text, float excess, float floor) {
            float left = excess;
            while (left > 0.01f) {
                int widest = -1;
                for (int i = 0; i < widths.length; i++) {
                    if (text[i] && widths[i] > floor && (widest < 0 || widths[i] > widths[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                float next = floor;
                for (int i = 0; i < widths.length; i++) {
                    if (text[i] && i != widest && widths[i] < widths[widest]) {
                        next = Math.max(next, widths[i]);
                    }
                }
                int tied = 0;
                for (int i = 0; i < widths.length; i++) {
                    if (text[i] && widths[i] >= widths[widest] - 0.01f) {
                        tied++;
                    }
                }
                float level = widths[widest];
                float cut = Math.min(left, (level - next) * tied);
                for (int i = 0; i < widths.length; i++) {
                    if (text[i] && widths[i] >= level - 0.01f) {
                        widths[i] -= cut / tied;
                    }
                }
                left -= cut;
            }
            if (left > 0.01f) {
                float total = sum(widths);
                for (int i = 0; i < widths.length; i++) {
                    widths[i] *= (total - left) / total;
                }
            }
        }

        private static String typical(ValueType type) {
            return switch (type) {
                case TEXT -> "Wwwwww";
                case COUNT -> "99,999";
                case DECIMAL -> "9,999.99";
                case PERCENT -> "100.00 %";
                case SECONDS -> "999.99 s";
                case MEGABYTES -> "9,999.9 MB";
                case MONEY -> "USD 9,999.99";
                case DATE -> "2026-11-30";
                case DATETIME -> "2026-11-30 23:59:59";
            };
        }

        private static float total(long[] units, float size) {
            float total = 0;
            for (long unit : units) {
                total += unit * size / 1000f + 2 * size * 0.7f;
            }
            return total;
        }

        private static float sum(float[] widths) {
            float sum = 0;
            for (float width : widths) {
                sum += width;
            }
            return sum;
        }
    }
}
