package io.tally.domain.dashboard;

import io.tally.domain.common.InvalidValueException;

/**
 * Where a widget sits on a dashboard's grid of {@value #COLUMNS} columns: column {@code x} (from 0) and row {@code y}
 * (from 0) of its top left cell, {@code w} columns wide and {@code h} rows high.
 */
public record Position(int x, int y, int w, int h) {

    public static final int COLUMNS = 12;
    public static final int MAX_ROW = 1000;
    public static final int MAX_HEIGHT = 24;

    public Position {
        if (x < 0 || x >= COLUMNS) {
            throw new InvalidValueException("x", "must be a column from 0 to " + (COLUMNS - 1));
        }
        if (w < 1 || x + w > COLUMNS) {
            throw new InvalidValueException("w", "must be at least 1, and x + w at most " + COLUMNS);
        }
        if (y < 0 || y > MAX_ROW) {
            throw new InvalidValueException("y", "must be a row from 0 to " + MAX_ROW);
        }
        if (h < 1 || h > MAX_HEIGHT) {
            throw new InvalidValueException("h", "must be from 1 to " + MAX_HEIGHT + " rows");
        }
    }

    /** Whether the two share a cell of the grid. */
    public boolean overlaps(Position other) {
        return x < other.x + other.w && other.x < x + w && y < other.y + other.h && other.y < y + h;
    }
}
