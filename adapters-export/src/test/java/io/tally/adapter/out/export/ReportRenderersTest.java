package io.tally.adapter.out.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

class ReportRenderersTest {

    private final ReportRenderers renderers = new ReportRenderers();
    private final Report report = new Report(Kinds.ACTIVITY, "Call activity", "Acme", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
            TimeZoneId.of("Europe/Paris"), Instant.parse("2026-12-01T08:30:00Z"), new Report.Brand("Acme", BrandColour.DEFAULT), List.of(), List.of(),
            List.of(Section.of("Agents", Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT)),
                    List.of(List.of(Cell.text("Ana"), Cell.number(3)), List.of(Cell.text("Bo"), Cell.number(4)))))));

    private byte[] render(ExportFormat format, long expectedRows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(renderers.render(report, format, RenderOptions.defaults(), out)).isEqualTo(expectedRows);
        return out.toByteArray();
    }

    private byte[] renderOther(Report other, ExportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderers.render(other, format, RenderOptions.defaults(), out);
        return out.toByteArray();
    }

    @Test
    void rendersCsv() throws IOException {
        assertThat(new String(render(ExportFormat.CSV, 2), StandardCharsets.UTF_8)).startsWith("Report,Call activity\r\n").endsWith("\r\nBo,4\r\n");
    }

    @Test
    void rendersJson() throws IOException {
        assertThat(new ObjectMapper().readTree(render(ExportFormat.JSON, 2)).get("report").asText()).isEqualTo("activity");
    }

    @Test
    void rendersPdf() throws IOException {
        assertThat(new String(render(ExportFormat.PDF, 2), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    }

    /** A template's text: after the tables in CSV and XLSX, in place in PDF and HTML, a block of its own in JSON; never markup or a formula. */
    @Test
    void writesAParagraphInEveryFormat() throws IOException {
        Report withText = new Report(report.kind(), report.title(), report.subject(), report.from(), report.to(), report.zone(),
                report.generatedAt(), report.brand(), List.of(), List.of(), List.of(new Section("Agents", List.of(
                        new Paragraph("=1+1 <b>Slots with fewer than 3 posts are left out.</b>"), report.sections().getFirst().blocks().getFirst()))));
        String text = "=1+1 <b>Slots with fewer than 3 posts are left out.</b>";

        String csv = new String(renderOther(withText, ExportFormat.CSV), StandardCharsets.UTF_8);
        assertThat(csv).endsWith("Bo,4\r\n\r\n'" + text + "\r\n");
        assertThat(new ObjectMapper().readTree(renderOther(withText, ExportFormat.JSON)).at("/sections/0/blocks/0").toString())
                .isEqualTo("{\"kind\":\"text\",\"text\":\"" + text + "\"}");
        assertThat(new String(renderOther(withText, ExportFormat.HTML), StandardCharsets.UTF_8))
                .contains("<p class=\"text\">=1+1 &lt;b&gt;Slots with fewer than 3 posts are left out.&lt;/b&gt;</p>");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(renderOther(withText, ExportFormat.XLSX)))) {
            List<Row> rows = workbook.getSheets().toList().get(1).read();
            Row last = rows.getLast();
            assertThat(last.getCell(0).getType()).isEqualTo(CellType.STRING);
            assertThat(last.getCell(0).getText()).isEqualTo(text);
        }
        try (PDDocument pdf = Loader.loadPDF(renderOther(withText, ExportFormat.PDF))) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Slots with fewer than 3 posts are left out.");
        }
    }
}
