package io.tally.adapter.out.persistence.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tally.domain.usage.EventData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an event's data back from the JSON object stored in {@code usage_event.data} (written as
 * {@link EventData#canonicalJson()}): strings are dimensions, numbers measures.
 */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    static EventData read(String text) {
        Map<String, String> dimensions = new TreeMap<>();
        Map<String, BigDecimal> measures = new TreeMap<>();
        try (JsonParser json = JSON.createParser(text)) {
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    dimensions.put(name, json.getText());
                } else if (value.isNumeric()) {
                    measures.put(name, json.getDecimalValue());
                } else {
                    json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return EventData.of(dimensions, measures);
    }
}
