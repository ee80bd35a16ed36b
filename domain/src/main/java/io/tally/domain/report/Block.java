package io.tally.domain.report;

/** What a section holds: tables, charts and paragraphs, in order. */
public sealed interface Block permits Table, Chart, Paragraph {
}
