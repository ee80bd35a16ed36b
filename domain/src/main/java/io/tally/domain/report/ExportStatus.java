package io.tally.domain.report;

import java.util.Locale;

/** Where an async export stands: waiting, being rendered, done (file available until it expires), failed, or expired (file deleted). */
public enum ExportStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
