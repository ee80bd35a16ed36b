package io.tally.application.port.in.delivery;

import io.tally.application.port.in.report.ExportDownload;

/** A run's stored file through a signed link, until the link expires. */
public interface DownloadSignedFileUseCase {

    ExportDownload downloadSignedFile(SignedFileQuery query);
}
