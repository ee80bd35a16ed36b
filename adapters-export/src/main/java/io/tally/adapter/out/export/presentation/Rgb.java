package io.tally.adapter.out.export.presentation;

/** A colour as red, green and blue from 0 to 1. */
public record Rgb(float red, float green, float blue) {

    /** From {@code 0xRRGGBB}. */
    public static Rgb hex(int rgb) {
        return of((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }

    /** From 0–255 components. */
    public static Rgb of(int red, int green, int blue) {
        return new Rgb(red / 255f, green / 255f, blue / 255f);
    }

    /** This colour moved {@code share} (0–1) of the way towards {@code other}. */
    public Rgb towards(Rgb other, float share) {
        return new Rgb(red + (other.red - red) * share, green + (other.green - green) * share, blue + (other.blue - blue) * share);
    }

    /** As CSS writes it: {@code #rrggbb}. */
    public String css() {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", Math.round(red * 255), Math.round(green * 255), Math.round(blue * 255));
    }

    /** Relative luminance (WCAG), 0 for black to 1 for white. */
    public double luminance() {
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
    }

    private static double linear(float channel) {
        return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }
}
