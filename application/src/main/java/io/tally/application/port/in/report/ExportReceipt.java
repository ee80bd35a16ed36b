package io.tally.application.port.in.report;

/** What an export wrote: table rows and bytes. */
public record ExportReceipt(long rows, long bytes) {
}
