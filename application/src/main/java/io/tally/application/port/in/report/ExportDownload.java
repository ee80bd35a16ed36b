package io.tally.application.port.in.report;

import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import java.io.InputStream;
import java.util.Objects;

/** The file of a finished async export, read from storage as it is sent; the caller closes {@code content}. */
public record ExportDownload(ExportFileName fileName, ExportFormat format, long bytes, InputStream content) {

    public ExportDownload {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(content, "content");
    }
}
