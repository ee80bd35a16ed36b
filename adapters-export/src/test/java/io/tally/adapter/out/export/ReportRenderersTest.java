package io.tally.adapter.out.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportType;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.BrandColour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderersTest {

    private final ReportRenderers renderers = new ReportRenderers();
    private final Report report = new Report(ReportType.ACTIVITY, "Call activity", "Acme", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
            TimeZoneId.of("Europe/Paris"), Instant.parse("2026-12-01T08:30:00Z"), new Report.Brand("Acme", BrandColour.DEFAULT), List.of(), List.of(),
            List.of(Section.of("Agents", Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT)),
                    List.of(List.of(Cell.text("Ana"), Cell.number(3)), List.of(Cell.text("Bo"), Cell.number(4)))))));

    private byte[] render(ExportFormat format, long expectedRows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(renderers.render(report, format, RenderOptions.defaults(), out)).isEqualTo(expectedRows);
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
}
