package io.tally.domain.report;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The formats a report is rendered in. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    PDF("pdf", "application/pdf"),
    JSON("json", "application/json"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    HTML("html", "text/html; charset=utf-8");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The name in requests, which is also the file extension. */
    public String wireName() {
        return extension;
    }

    /** Whether the format is a document for people to read (PDF, HTML), laid out as on paper, rather than data to load. */
    public boolean isForReading() {
        return this == PDF || this == HTML;
    }

    public String mediaType() {
        return mediaType;
    }

    public static ExportFormat fromWireName(String name, String field) {
        for (ExportFormat format : values()) {
            if (format.extension.equals(name)) {
                return format;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a format; one of "
                + Arrays.stream(values()).map(ExportFormat::wireName).collect(Collectors.joining(", ")));
    }
}
