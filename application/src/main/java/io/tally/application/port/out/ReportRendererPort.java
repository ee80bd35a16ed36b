package io.tally.application.port.out;

import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import java.io.IOException;
import java.io.OutputStream;

/** Turns a report into the bytes of a format. */
public interface ReportRendererPort {

    /**
     * Writes {@code report} to {@code out} (which it does not close) and returns how many table rows it
     * wrote. A streamed table is read once, row by row, so memory does not grow with its size.
     */
    long render(Report report, ExportFormat format, RenderOptions options, OutputStream out) throws IOException;
}
