package io.tally.domain.report;

/** What a section holds: tables and charts, in order. */
public sealed interface Block permits Table, Chart {
}
