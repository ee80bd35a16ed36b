package io.tally.domain.report;

import java.util.Objects;

/**
 * How to render: {@code bom} puts a UTF-8 byte order mark before a CSV (Excel then reads it as UTF-8);
 * {@code paper} is a PDF's page size.
 */
public record RenderOptions(boolean bom, PaperSize paper) {

    public RenderOptions {
        Objects.requireNonNull(paper, "paper");
    }

    public static RenderOptions defaults() {
        return new RenderOptions(false, PaperSize.A4);
    }
}
