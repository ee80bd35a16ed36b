package io.tally.domain.report;

import java.util.List;
import java.util.Objects;

/** A titled part of a report holding tables and charts; a section whose tables have no rows shows "No data". */
public record Section(String title, List<Block> blocks) {

    public Section {
        Objects.requireNonNull(title, "title");
        blocks = List.copyOf(blocks);
    }

    public static Section of(String title, Block... blocks) {
        return new Section(title, List.of(blocks));
    }
}
