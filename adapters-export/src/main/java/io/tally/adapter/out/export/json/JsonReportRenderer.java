package io.tally.adapter.out.export.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Paragraph;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a report as one JSON document (UTF-8), the report model as it is, with snake_case names:
 * <pre>
 * {"report": "usage-summary", "title": …, "subject": …,
 *  "period": {"from": "2026-11-01", "to": "2026-11-30", "timezone": "Europe/Paris"},
 *  "generated_at": "2026-12-01T09:30:00+01:00",
 *  "brand": {"name": …, "colour": "#6D28D9"},
 *  "notes": […],
 *  "key_figures": [{"label": …, "unit": "count", "value": 1200, "previous": 1000, "growth_pct": 20, "polarity": "higher_is_better"}],
 *  "sections": [{"title": …, "blocks": [
 *     {"kind": "table", "columns": [{"name": "Day", "type": "date"}, …], "rows": [["2026-11-01", 40, …], …]},
 *     {"kind": "time_series", "title": …, "unit": "count", "style": "bar", "granularity": "day",
 *      "points": [{"at": "2026-11-01", "value": 40}, …]},
 *     {"kind": "breakdown", "title": …, "unit": "count", "bars": [{"label": …, "value": 3}, …]}]}],
 *  "row_count": 30}
 * </pre>
 * A column's {@code type} is its {@link io.tally.domain.report.ValueType} name in lower case; a {@code unit}
 * is the type's {@link io.tally.domain.report.ValueType#unit() unit}. Values: numbers are JSON numbers
 * (plain, never an exponent), money is {@code {"amount": "12.30", "currency": "USD"}} with the amount as a
 * decimal string ({@link io.tally.domain.common.Money#amountText()}), days are {@code YYYY-MM-DD}, instants
 * are RFC 3339 with the offset of the report's timezone, an empty cell is {@code null}; percentages are
 * written as the report gives them. {@code row_count} counts the table rows written.
 *
 * <p>The document is streamed: a streamed table is written row by row, in constant memory. {@code out} is
 * flushed, not closed. {@link RenderOptions} do not apply to JSON. Instances are thread-safe.
 */
public final class JsonReportRenderer {

    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** Writes {@code report} to {@code out} (flushed, not closed) and returns how many table rows it wrote. */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        long rows;
        try (JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
            try {
                rows = new Document(generator, report).write();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        out.flush();
        return rows;
    }

    /** One rendering: the generator and the report's zone. */
    private static final class Document {

        private final JsonGenerator out;
        private final Report report;
        private final DateTimeFormatter moments;

        Document(JsonGenerator out, Report report) {
            this.out = out;
            this.report = report;
            this.moments = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(report.zone().zone());
        }

        long write() throws IOException {
            out.writeStartObject();
            out.writeStringField("report", report.kind().name());
            out.writeStringField("title", report.title());
            out.writeStringField("subject", report.subject());
            out.writeObjectFieldStart("period");
            out.writeStringField("from", report.from().toString());
            out.writeStringField("to", report.to().toString());
            out.writeStringField("timezone", report.zone().value());
            out.writeEndObject();
            out.writeStringField("generated_at", moment(report.generatedAt()));
            out.writeObjectFieldStart("brand");
            out.writeStringField("name", report.brand().name());
            out.writeStringField("colour", report.brand().colour().value());
            out.writeEndObject();
            out.writeArrayFieldStart("notes");
            for (String note : report.notes()) {
                out.writeString(note);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("key_figures");
            for (KeyFigure figure : report.keyFigures()) {
                keyFigure(figure);
            }
            out.writeEndArray();
            long rows = 0;
            out.writeArrayFieldStart("sections");
            for (Section section : report.sections()) {
                out.writeStartObject();
                out.writeStringField("title", section.title());
                out.writeArrayFieldStart("blocks");
                for (Block block : section.blocks()) {
                    switch (block) {
                        case Table table -> rows += table(table);
                        case Chart.TimeSeries series -> timeSeries(series);
                        case Chart.MultiSeries multi -> multiSeries(multi);
                        case Chart.Breakdown breakdown -> breakdown(breakdown);
                        case Chart.Forecast forecast -> forecast(forecast);
                        case Paragraph paragraph -> {
                            out.writeStartObject();
                            out.writeStringField("kind", "text");
                            out.writeStringField("text", paragraph.text());
                            out.writeEndObject();
                        }
                    }
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeNumberField("row_count", rows);
            out.writeEndObject();
            return rows;
        }

        private void keyFigure(KeyFigure figure) throws IOException {
            out.writeStartObject();
            out.writeStringField("label", figure.label());
            out.writeStringField("unit", figure.type().unit());
            out.writeFieldName("value");
            cell(figure.value());
            out.writeFieldName("previous");
            cell(figure.previous().orElse(Cell.EMPTY));
            out.writeFieldName("growth_pct");
            number(figure.growthPct().orElse(null));
            out.writeStringField("polarity", figure.polarity().wireName());
            out.writeEndObject();
        }

        private long table(Table table) throws IOException {
            out.writeStartObject();
            out.writeStringField("kind", "table");
            out.writeArrayFieldStart("columns");
            for (Column column : table.columns()) {
                out.writeStartObject();
                out.writeStringField("name", column.name());
                out.writeStringField("type", column.type().name().toLowerCase(Locale.ROOT));
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("rows");
            long count = table.forEachRow(cells -> {
                try {
                    out.writeStartArray();
                    for (Cell cell : cells) {
                        cell(cell);
                    }
                    out.writeEndArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.writeEndArray();
            out.writeEndObject();
            return count;
        }

        /** A series with its forecast: the actual points, then the forecast ones with their intervals, and the anomalies' times. */
        private void forecast(Chart.Forecast forecast) throws IOException {
            out.writeStartObject();
            out.writeStringField("kind", "forecast");
            out.writeStringField("title", forecast.title());
            out.writeStringField("unit", forecast.type().unit());
            out.writeStringField("granularity", forecast.granularity().name().toLowerCase(Locale.ROOT));
            out.writeStringField("note", forecast.note());
            out.writeArrayFieldStart("actual");
            for (int i = 0; i < forecast.actual().size(); i++) {
                out.writeStartObject();
                out.writeStringField("at", at(forecast.at().get(i), forecast.granularity()));
                out.writeFieldName("value");
                number(forecast.actual().get(i));
                out.writeBooleanField("anomaly", forecast.anomalies().contains(i));
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("forecast");
            for (int i = 0; i < forecast.bands().size(); i++) {
                Chart.Forecast.Band band = forecast.bands().get(i);
                out.writeStartObject();
                out.writeStringField("at", at(forecast.at().get(forecast.actual().size() + i), forecast.granularity()));
                out.writeFieldName("value");
                number(band.value());
                out.writeFieldName("interval_80");
                out.writeStartArray();
                number(band.low80());
                number(band.high80());
                out.writeEndArray();
                out.writeFieldName("interval_95");
                out.writeStartArray();
                number(band.low95());
                number(band.high95());
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private void timeSeries(Chart.TimeSeries series) throws IOException {
            out.writeStartObject();
            out.writeStringField("kind", "time_series");
            out.writeStringField("title", series.title());
            out.writeStringField("unit", series.type().unit());
            out.writeStringField("style", series.style().name().toLowerCase(Locale.ROOT));
            out.writeStringField("granularity", series.granularity().name().toLowerCase(Locale.ROOT));
            out.writeArrayFieldStart("points");
            for (Chart.TimeSeries.Point point : series.points()) {
                out.writeStartObject();
                out.writeStringField("at", at(point.at(), series.granularity()));
                out.writeFieldName("value");
                number(point.value());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private void multiSeries(Chart.MultiSeries multi) throws IOException {
            out.writeStartObject();
            out.writeStringField("kind", "multi_series");
            out.writeStringField("title", multi.title());
            out.writeStringField("unit", multi.type().unit());
            out.writeStringField("style", multi.style().name().toLowerCase(Locale.ROOT));
            out.writeStringField("granularity", multi.granularity().name().toLowerCase(Locale.ROOT));
            out.writeArrayFieldStart("at");
            for (LocalDateTime at : multi.at()) {
                out.writeString(at(at, multi.granularity()));
            }
            out.writeEndArray();
            out.writeArrayFieldStart("series");
            for (Chart.MultiSeries.Series series : multi.series()) {
                out.writeStartObject();
                out.writeStringField("label", series.label());
                out.writeArrayFieldStart("values");
                for (BigDecimal value : series.values()) {
                    number(value);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        /** An hour as a local date-time (2026-11-01T13:00), a day, week or month as the local date it starts on. */
        private static String at(LocalDateTime at, Chart.TimeSeries.Granularity granularity) {
            return granularity == Chart.TimeSeries.Granularity.HOUR ? at.toString() : at.toLocalDate().toString();
        }

        private void breakdown(Chart.Breakdown breakdown) throws IOException {
            out.writeStartObject();
            out.writeStringField("kind", "breakdown");
            out.writeStringField("title", breakdown.title());
            out.writeStringField("unit", breakdown.type().unit());
            out.writeArrayFieldStart("bars");
            for (Chart.Breakdown.Bar bar : breakdown.bars()) {
                out.writeStartObject();
                out.writeStringField("label", bar.label());
                out.writeFieldName("value");
                out.writeNumber(bar.value());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private void cell(Cell cell) throws IOException {
            switch (cell) {
                case Cell.Text text -> out.writeString(text.value());
                case Cell.Number number -> out.writeNumber(number.value());
                case Cell.Amount amount -> {
                    out.writeStartObject();
                    out.writeStringField("amount", amount.value().amountText());
                    out.writeStringField("currency", amount.value().currency().value());
                    out.writeEndObject();
                }
                case Cell.Day day -> out.writeString(day.value().toString());
                case Cell.Moment moment -> out.writeString(moment(moment.value()));
                case Cell.Empty empty -> out.writeNull();
            }
        }

        private void number(BigDecimal value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }

        private String moment(Instant instant) {
            return moments.format(instant);
        }
    }
}
