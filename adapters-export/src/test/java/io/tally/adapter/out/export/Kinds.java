package io.tally.adapter.out.export;

import io.tally.domain.report.ReportKind;

/** The kinds of report the renderer tests build: the built-in templates' and a dashboard's. */
public final class Kinds {

    public static final ReportKind USAGE_SUMMARY = new ReportKind("usage-summary", true, false);
    public static final ReportKind ACTIVITY = new ReportKind("activity", true, false);
    public static final ReportKind USAGE_HISTORY = new ReportKind("usage-history", true, true);
    public static final ReportKind DASHBOARD = ReportKind.DASHBOARD;

    private Kinds() {
    }

    /** The title the built-in template of that kind gives its report. */
    public static String title(ReportKind kind) {
        return switch (kind.name()) {
            case "usage-summary" -> "Usage summary";
            case "activity" -> "Call activity";
            case "usage-history" -> "Usage history";
            default -> "Dashboard";
        };
    }
}
