package io.tally.adapter.out.export.pdf;

/**
 * The fonts a document can draw with. Each font file is read the first time a document needs it (the
 * 17 MB CJK collection only when some text has a character DejaVu lacks) and then shared by all documents.
 */
enum Face {
    /** DejaVu Sans: Latin, Greek, Cyrillic, Hebrew, Arabic and symbols. */
    SANS,
    /** DejaVu Sans Bold. */
    SANS_BOLD,
    /** WenQuanYi Zen Hei: Chinese, Japanese and Korean. */
    CJK;

    /** The shared, immutable font data; thread-safe lazy loading through holder classes. */
    FontFile file() {
        return switch (this) {
            case SANS -> Sans.FILE;
            case SANS_BOLD -> SansBold.FILE;
            case CJK -> Cjk.FILE;
        };
    }

    private static final class Sans {
        static final FontFile FILE = FontFile.trueType("DejaVuSans.ttf");
    }

    private static final class SansBold {
        static final FontFile FILE = FontFile.trueType("DejaVuSans-Bold.ttf");
    }

    private static final class Cjk {
        static final FontFile FILE = FontFile.fromCollection("wqy-zenhei.ttc", "WenQuanYiZenHei");
    }
}
