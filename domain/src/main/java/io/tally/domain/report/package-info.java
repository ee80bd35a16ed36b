/**
 * The format-neutral report: what a use case builds and a renderer turns into CSV, PDF, JSON, XLSX or HTML. A report has
 * a header (title, subject, period, timezone, generated-at, brand), key figures, and sections of tables and
 * charts. Values are typed ({@link io.tally.domain.report.ValueType}) so every renderer shows a number as a
 * number, money with its currency and times in the report's timezone.
 */
package io.tally.domain.report;
