package io.tally.application.port.in.report;

/**
 * The file of a finished async export, for callers who could have run that export themselves; 404 for
 * other tenants and for unfinished jobs' files, 410 once expired.
 */
public interface DownloadExportUseCase {

    ExportDownload downloadExport(ExportJobQuery query);
}
