package io.tally.adapter.out.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Documents the adapters keep as JSON in a column (filters, parameters, definitions), written and read with the
 * service's {@link JsonMapper}. The adapters wrote them themselves, so a failure is a bug rather than bad input: it is
 * unchecked.
 */
public final class JsonColumns {

    private JsonColumns() {
    }

    public static String write(JsonMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(JsonMapper json, String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object of any values, in the document's order. */
    public static Map<String, Object> readObject(JsonMapper json, String text) {
        return read(json, text, Argument.mapOf(String.class, Object.class));
    }
}
