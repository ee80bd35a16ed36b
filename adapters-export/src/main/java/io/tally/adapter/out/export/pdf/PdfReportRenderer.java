package io.tally.adapter.out.export.pdf;

import io.tally.adapter.out.export.presentation.KeepOpen;

import io.tally.adapter.out.export.presentation.Palette;

import io.tally.domain.report.Block;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;

/**
 * Renders a report as a PDF: a header band in the brand colour, key figure cards, sections of tables and
 * vector charts, and "Page x of y" footers, on A4 or US Letter. Fonts (DejaVu Sans, and WenQuanYi Zen Hei
 * for CJK text) ship in the jar and are embedded as subsets.
 * <p>
 * Thread-safe and stateless: each call builds its own document; the only shared data are the immutable
 * font files and metrics ({@link FontFile}), read once. Streamed tables are drawn row by row, and
 * documents with streamed or long tables keep their page content in a temporary file rather than memory.
 */
public final class PdfReportRenderer {

    /** Held tables longer than this make the document cache its content in a temporary file. */
    private static final int IN_MEMORY_ROWS = 2_000;
    private static final int OUTPUT_BUFFER = 64 * 1024;

    /**
     * Writes {@code report} as a PDF to {@code out}, which it flushes but does not close, and returns the
     * number of table rows written.
     */
    public long render(Report report, RenderOptions options, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        try (PDDocument document = new PDDocument(streamCache(report));
             Typesetter type = new Typesetter(document)) {
            Canvas canvas = new Canvas(document, type, paper(options.paper()), Palette.of(report.brand().colour()));
            long rows = new ReportPainter(canvas, report).paint();
            describe(document, report);
            OutputStream target = new BufferedOutputStream(new KeepOpen(out), OUTPUT_BUFFER);
            document.save(target);
            target.flush();
            return rows;
        }
    }

    private static PDRectangle paper(PaperSize paper) {
        return switch (paper) {
            case A4 -> PDRectangle.A4;
            case LETTER -> PDRectangle.LETTER;
        };
    }

    /** Memory for small reports; a temporary file when a table is streamed (of unknown length) or long. */
    private static StreamCacheCreateFunction streamCache(Report report) {
        for (Section section : report.sections()) {
            for (Block block : section.blocks()) {
                if (block instanceof Table table && (table.isStreamed() || table.rows().size() > IN_MEMORY_ROWS)) {
                    return IOUtils.createTempFileOnlyStreamCache();
                }
            }
        }
        return IOUtils.createMemoryOnlyStreamCache();
    }

    /** Title, author (the brand), subject, creator and creation date; viewers show the title, not the file name. */
    private static void describe(PDDocument document, Report report) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(withoutControls(report.title()));
        info.setAuthor(withoutControls(report.brand().name()));
        info.setSubject(withoutControls(report.subject()));
        info.setCreator("Tally");
        Calendar created = new GregorianCalendar(TimeZone.getTimeZone(report.zone().zone()));
        created.setTimeInMillis(report.generatedAt().toEpochMilli());
        info.setCreationDate(created);
        PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
        preferences.setDisplayDocTitle(true);
        document.getDocumentCatalog().setViewerPreferences(preferences);
    }

    /** The text without control and format characters (metadata keeps every other character: it needs no glyphs). */
    private static String withoutControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(c -> Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
