package io.tally.application.port.in.delivery;

import io.tally.application.port.in.report.ExportDownload;

/** A run's stored file, for those who may see the report. */
public interface DownloadScheduleFileUseCase {

    ExportDownload downloadScheduleFile(ScheduleFileQuery query);
}
