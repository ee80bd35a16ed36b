package io.tally.adapter.in.web.report;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A prepared export as an HTTP attachment, for every endpoint that exports (reports, usage history, dashboards): its
 * media type, file name and no caching; a streamed export is sent as it is written, a held one once written whole.
 */
public final class ExportResponses {

    /** An HTML export's policy: its own inline styles and nothing else. */
    static final String HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private ExportResponses() {
    }

    /** Writes the export (recording it) and answers it as an attachment. */
    public static HttpResponse<?> of(PreparedExport export) {
        if (export.isStreamed()) {
            InputStream body = StreamingBody.start(export::writeTo);
            return attachment(HttpResponse.ok(body), export.format(), export.fileName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            export.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return attachment(HttpResponse.ok(bytes.toByteArray()), export.format(), export.fileName());
    }

    public static <T> MutableHttpResponse<T> attachment(MutableHttpResponse<T> response, ExportFormat format, ExportFileName name) {
        response.contentType(MediaType.of(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, name.contentDisposition())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff");
        if (format == ExportFormat.HTML) {
            // the page holds no script and fetches nothing: should a browser show it on the API's origin, it may run and load nothing
            response.header("Content-Security-Policy", HTML_POLICY);
        }
        return response;
    }
}
