package io.tally.adapter.out.export.presentation;

import io.tally.domain.tenant.BrandColour;
import java.util.List;

/**
 * The colours of one report: the brand colour for the header band, table headers and chart bars, the
 * text colour that reads on it (white, or near-black on a light brand colour), and neutral greys.
 */
public record Palette(Rgb brand, Rgb onBrand, Rgb brandTint, Rgb brandLine) {

    /** Above this luminance near-black text reads better on the brand colour than white (equal contrast at about 0.2). */
    private static final double CONTRAST_SWITCH = 0.2;

    public static final Rgb WHITE = Rgb.hex(0xFFFFFF);
    public static final Rgb TEXT = Rgb.hex(0x111827);
    public static final Rgb MUTED = Rgb.hex(0x6B7280);
    public static final Rgb FAINT = Rgb.hex(0x9CA3AF);
    public static final Rgb RULE = Rgb.hex(0xE5E7EB);
    public static final Rgb ZEBRA = Rgb.hex(0xF6F7F9);
    public static final Rgb TRACK = Rgb.hex(0xF1F2F5);
    public static final Rgb UP = Rgb.hex(0x15803D);
    public static final Rgb DOWN = Rgb.hex(0xB91C1C);

    /** The colours of a chart's series after the first (the brand colour): apart from each other and from most brands. */
    public static final List<Rgb> SERIES = List.of(Rgb.hex(0x0EA5E9), Rgb.hex(0xF59E0B), Rgb.hex(0x10B981), Rgb.hex(0xEF4444),
            Rgb.hex(0x8B5CF6), Rgb.hex(0x64748B), Rgb.hex(0xEC4899));

    /** The colour of series {@code index} of a chart: the brand colour first, then {@link #SERIES} in turn. */
    public Rgb series(int index) {
        return index == 0 ? brand : SERIES.get((index - 1) % SERIES.size());
    }

    public static Palette of(BrandColour colour) {
        Rgb brand = Rgb.of(colour.red(), colour.green(), colour.blue());
        Rgb onBrand = brand.luminance() > CONTRAST_SWITCH ? TEXT : WHITE;
        return new Palette(brand, onBrand, brand.towards(WHITE, 0.94f), brand.towards(WHITE, 0.78f));
    }
}
