package io.tally.adapter.in.http.problem;

import java.util.Locale;

/** Turns Java property paths into the snake_case field names clients send and see. */
final class FieldNames {

    private FieldNames() {
    }

    /** "/brandColour" or "brandColour" becomes "brand_colour"; "limits[0].meterKey" becomes "limits[0].meter_key". */
    static String fromPath(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return snake(trimmed.replace('/', '.'));
    }

    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '.') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
