package io.tally.domain.report;

import java.util.Objects;

/** Words in a section: what its figures mean, how they were counted. Shown as a paragraph; in CSV and XLSX, after the section's tables. */
public record Paragraph(String text) implements Block {

    public Paragraph {
        Objects.requireNonNull(text, "text");
    }
}
