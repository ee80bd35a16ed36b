package io.tally.domain.report;

import java.util.Objects;

/**
 * What kind of report a {@link Report} is, as renderers need to know it: its name (a template's key such as
 * {@code activity}, or {@code dashboard}), whether it is about one customer (else about the whole account), and
 * whether it is one flat table of data (a usage history: a CSV or a sheet with a header row and nothing else) rather
 * than the sectioned layout of title block, key figures and sections.
 */
public record ReportKind(String name, boolean perCustomer, boolean flat) {

    /** A dashboard's page as a report. */
    public static final ReportKind DASHBOARD = new ReportKind("dashboard", false, false);

    public ReportKind {
        Objects.requireNonNull(name, "name");
    }
}
