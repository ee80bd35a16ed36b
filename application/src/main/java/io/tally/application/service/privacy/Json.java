package io.tally.application.service.privacy;

import java.math.BigDecimal;
import java.util.Map;

/** Just enough JSON for the access archive's own files: objects of strings, numbers, booleans, nulls and nested objects. */
final class Json {

    private Json() {
    }

    static String object(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, field.getKey());
            json.append(':');
            value(json, field.getValue());
        }
        return json.append('}').toString();
    }

    private static void value(StringBuilder json, Object value) {
        switch (value) {
            case null -> json.append("null");
            case String text -> string(json, text);
            case BigDecimal number -> json.append(number.toPlainString());
            case Number number -> json.append(number);
            case Boolean flag -> json.append(flag);
            case Map<?, ?> map -> {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) map;
                json.append(object(nested));
            }
            default -> string(json, value.toString());
        }
    }

    static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
