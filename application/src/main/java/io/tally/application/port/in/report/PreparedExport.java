package io.tally.application.port.in.report;

import io.tally.domain.analytics.Period;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An export that passed every check (role, customer, period, size) and is ready to be written: its file
 * name and format are known before the first byte, so a response can carry them in its headers.
 * {@link #writeTo} renders it once and records it (an {@code export.generated} usage event and an audit entry).
 */
public abstract class PreparedExport {

    private final ExportFileName fileName;
    private final ExportFormat format;
    private final boolean streamed;
    private final Period period;

    protected PreparedExport(ExportFileName fileName, ExportFormat format, boolean streamed, Period period) {
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.format = Objects.requireNonNull(format, "format");
        this.streamed = streamed;
        this.period = Objects.requireNonNull(period, "period");
    }

    /** The days the report covers, in its timezone. */
    public Period period() {
        return period;
    }

    public ExportFileName fileName() {
        return fileName;
    }

    public ExportFormat format() {
        return format;
    }

    /** Whether its rows come from a database cursor as they are written (any size), rather than a report held in memory. */
    public boolean isStreamed() {
        return streamed;
    }

    /** Renders into {@code out} (not closed) and records the export; can be called once. */
    public abstract ExportReceipt writeTo(OutputStream out) throws IOException;
}
