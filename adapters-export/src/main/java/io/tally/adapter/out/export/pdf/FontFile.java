package io.tally.adapter.out.export.pdf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One TrueType font shipped in the jar: its bytes and, read once, which code points it has a glyph for and
 * their advance widths (in thousandths of an em, rounded as PDFBox writes them into the PDF).
 * <p>
 * Instances are immutable after construction and shared by every document and thread. A parsed
 * {@link TrueTypeFont} is not: PDFBox reads its tables lazily through one shared stream position, so
 * {@link #parse()} makes a new one over the shared bytes for each document.
 */
final class FontFile {

    private static final String FOLDER = "/io/tally/adapter/out/export/pdf/fonts/";
    private static final short NOT_COVERED = -1;

    private final byte[] data;
    private final short[] bmpAdvance;
    private final Map<Integer, Short> astralAdvance;

    private FontFile(byte[] data, short[] bmpAdvance, Map<Integer, Short> astralAdvance) {
        this.data = data;
        this.bmpAdvance = bmpAdvance;
        this.astralAdvance = astralAdvance;
    }

    /** Reads a {@code .ttf} from the fonts folder. */
    static FontFile trueType(String fileName) {
        try {
            byte[] data = resource(fileName);
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(data))) {
                return measured(data, font);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the font " + fileName, e);
        }
    }

    /**
     * Reads the face named {@code postScriptName} of a {@code .ttc} collection from the fonts folder and keeps it
     * as a standalone TrueType font, so a document parses only that face (about 11 MB) and not the collection.
     */
    static FontFile fromCollection(String fileName, String postScriptName) {
        try {
            byte[] collection = resource(fileName);
            int[] index = {-1};
            int[] seen = {0};
            try (TrueTypeCollection fonts = new TrueTypeCollection(new ByteArrayInputStream(collection))) {
                fonts.processAllFonts(font -> {
                    if (index[0] < 0 && postScriptName.equals(font.getName())) {
                        index[0] = seen[0];
                    }
                    seen[0]++;
                });
            }
            if (index[0] < 0) {
                throw new IOException("no face " + postScriptName + " in " + fileName);
            }
            byte[] data = standalone(collection, index[0]);
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(data))) {
                return measured(data, font);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the font " + fileName, e);
        }
    }

    /** Whether the font has a glyph for the code point. */
    boolean covers(int codePoint) {
        return advance(codePoint) != NOT_COVERED;
    }

    /** The advance width in thousandths of an em, or -1 when the font has no glyph for the code point. */
    int advance(int codePoint) {
        if (codePoint < bmpAdvance.length) {
            return bmpAdvance[codePoint];
        }
        Short advance = astralAdvance.get(codePoint);
        return advance == null ? NOT_COVERED : advance;
    }

    /** A new parsed font for one document, with glyph substitution off so glyphs match the measured widths. */
    TrueTypeFont parse() throws IOException {
        TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(data));
        font.setEnableGsub(false);
        return font;
    }

    private static FontFile measured(byte[] data, TrueTypeFont font) throws IOException {
        CmapLookup cmap = font.getUnicodeCmapLookup();
        float scale = 1000f / font.getUnitsPerEm();
        short[] bmp = new short[0x10000];
        Arrays.fill(bmp, NOT_COVERED);
        Map<Integer, Short> astral = new HashMap<>();
        int glyphs = font.getNumberOfGlyphs();
        for (int gid = 1; gid < glyphs; gid++) {
            List<Integer> codePoints = cmap.getCharCodes(gid);
            if (codePoints == null) {
                continue;
            }
            short advance = (short) Math.min(Short.MAX_VALUE, Math.round(font.getAdvanceWidth(gid) * scale));
            for (int codePoint : codePoints) {
                if (codePoint < bmp.length) {
                    bmp[codePoint] = advance;
                } else {
                    astral.put(codePoint, advance);
                }
            }
        }
        return new FontFile(data, bmp, Map.copyOf(astral));
    }

    /**
     * Copies face {@code index} of a TrueType collection into a standalone font file: the same table
     * records and tables, with offsets counted from the start of the new file (in a collection they count
     * from the start of the collection).
     */
    private static byte[] standalone(byte[] collection, int index) {
        ByteBuffer in = ByteBuffer.wrap(collection);
        int offset = in.getInt(12 + 4 * index);
        int tables = in.getShort(offset + 4) & 0xFFFF;
        int headerLength = 12 + 16 * tables;
        long length = headerLength;
        for (int i = 0; i < tables; i++) {
            length += padded(in.getInt(offset + 12 + 16 * i + 12));
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(length));
        out.put(collection, offset, 12);
        int position = headerLength;
        for (int i = 0; i < tables; i++) {
            int record = offset + 12 + 16 * i;
            int tableOffset = in.getInt(record + 8);
            int tableLength = in.getInt(record + 12);
            out.putInt(in.getInt(record)).putInt(in.getInt(record + 4)).putInt(position).putInt(tableLength);
            System.arraycopy(collection, tableOffset, out.array(), position, tableLength);
            position += Math.toIntExact(padded(tableLength));
        }
        return out.array();
    }

    private static long padded(int length) {
        return (Integer.toUnsignedLong(length) + 3) & ~3L;
    }

    private static byte[] resource(String fileName) throws IOException {
        try (InputStream in = FontFile.class.getResourceAsStream(FOLDER + fileName)) {
            if (in == null) {
                throw new IOException("missing resource " + FOLDER + fileName);
            }
            return in.readAllBytes();
        }
    }
}
