package io.tally.adapter.out.export.pdf;

import io.tally.domain.tenant.BrandColour;

/**
 * The colours of one report: the brand colour for the header band, table headers and chart bars, the
 * text colour that reads on it (white, or near-black on a light brand colour), and neutral greys.
 */
record Palette(Rgb brand, Rgb onBrand, Rgb brandTint, Rgb brandLine) {

    /** Above this luminance near-black text reads better on the brand colour than white (equal contrast at about 0.2). */
    private static final double CONTRAST_SWITCH = 0.2;

    static final Rgb WHITE = Rgb.hex(0xFFFFFF);
    static final Rgb TEXT = Rgb.hex(0x111827);
    static final Rgb MUTED = Rgb.hex(0x6B7280);
    static final Rgb FAINT = Rgb.hex(0x9CA3AF);
    static final Rgb RULE = Rgb.hex(0xE5E7EB);
    static final Rgb ZEBRA = Rgb.hex(0xF6F7F9);
    static final Rgb TRACK = Rgb.hex(0xF1F2F5);
    static final Rgb UP = Rgb.hex(0x15803D);
    static final Rgb DOWN = Rgb.hex(0xB91C1C);

    static Palette of(BrandColour colour) {
        Rgb brand = Rgb.of(colour.red(), colour.green(), colour.blue());
        Rgb onBrand = brand.luminance() > CONTRAST_SWITCH ? TEXT : WHITE;
        return new Palette(brand, onBrand, brand.towards(WHITE, 0.94f), brand.towards(WHITE, 0.78f));
    }
}
