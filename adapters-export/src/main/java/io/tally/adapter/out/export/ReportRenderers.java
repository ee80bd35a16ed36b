package io.tally.adapter.out.export;

import io.tally.adapter.out.export.csv.CsvReportRenderer;
import io.tally.adapter.out.export.html.HtmlReportRenderer;
import io.tally.adapter.out.export.json.JsonReportRenderer;
import io.tally.adapter.out.export.pdf.PdfReportRenderer;
import io.tally.adapter.out.export.xlsx.XlsxReportRenderer;
import io.tally.application.port.out.ReportRendererPort;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** The {@link ReportRendererPort}: hands a report to the CSV, PDF, JSON, XLSX or HTML renderer. Thread-safe. */
public final class ReportRenderers implements ReportRendererPort {

    private final CsvReportRenderer csv;
    private final PdfReportRenderer pdf;
    private final JsonReportRenderer json;
    private final XlsxReportRenderer xlsx;
    private final HtmlReportRenderer html;

    public ReportRenderers() {
        this.csv = new CsvReportRenderer();
        this.pdf = new PdfReportRenderer();
        this.json = new JsonReportRenderer();
        this.xlsx = new XlsxReportRenderer();
        this.html = new HtmlReportRenderer();
    }

    @Override
    public long render(Report report, ExportFormat format, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(format, "format");
        return switch (format) {
            case CSV -> csv.render(report, options, out);
            case PDF -> pdf.render(report, options, out);
            case JSON -> json.render(report, options, out);
            case XLSX -> xlsx.render(report, options, out);
            case HTML -> html.render(report, options, out);
        };
    }
}
