package io.tally.domain.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed columns and rows. The rows are either held ({@link #of}) or read once, in order, from a source
 * such as a database cursor ({@link #streamed}), so a table of millions of rows never sits in memory.
 * Every row has one cell per column, of the column's type or empty.
 */
public final class Table implements Block {

    private final List<Column> columns;
    private final List<List<Cell>> rows;
    private final RowSource source;

    private Table(List<Column> columns, List<List<Cell>> rows, RowSource source) {
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.rows = rows;
        this.source = source;
    }

    /** A table whose rows are all known. */
    public static Table of(List<Column> columns, List<List<Cell>> rows) {
        Table table = new Table(columns, null, null);
        List<List<Cell>> copied = new ArrayList<>(rows.size());
        for (List<Cell> row : rows) {
            copied.add(table.check(row));
        }
        return new Table(columns, List.copyOf(copied), null);
    }

    /** A table whose rows are read once from a source, checked as they come. */
    public static Table streamed(List<Column> columns, RowSource source) {
        return new Table(columns, null, Objects.requireNonNull(source, "source"));
    }

    public List<Column> columns() {
        return columns;
    }

    /** Whether the rows are read from a source (once) rather than held. */
    public boolean isStreamed() {
        return source != null;
    }

    /** The held rows; a streamed table has none to give: use {@link #forEachRow}. */
    public List<List<Cell>> rows() {
        if (rows == null) {
            throw new IllegalStateException("a streamed table's rows are read with forEachRow");
        }
        return rows;
    }

    /** Hands every row to {@code consumer}, in order; a streamed table can be read only once. Returns the row count. */
    public long forEachRow(Consumer<List<Cell>> consumer) {
        if (rows != null) {
            rows.forEach(consumer);
            return rows.size();
        }
        long[] count = {0};
        source.forEach(row -> {
            consumer.accept(check(row));
            count[0]++;
        });
        return count[0];
    }

    private List<Cell> check(List<Cell> row) {
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("a row has " + row.size() + " cells for " + columns.size() + " columns");
        }
        for (int i = 0; i < row.size(); i++) {
            Cell cell = Objects.requireNonNull(row.get(i), "cell");
            if (!columns.get(i).type().accepts(cell)) {
                throw new IllegalArgumentException("column '" + columns.get(i).name() + "' is " + columns.get(i).type()
                        + " and cannot hold " + cell);
            }
        }
        return List.copyOf(row);
    }

    /** Where a streamed table's rows come from. */
    @FunctionalInterface
    public interface RowSource {
        void forEach(Consumer<List<Cell>> consumer);
    }
}
