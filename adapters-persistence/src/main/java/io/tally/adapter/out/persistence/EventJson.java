package io.tally.adapter.out.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tally.domain.usage.EventData;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** An event's data as the JSON object stored in {@code usage_event.data}: strings are dimensions, numbers measures. */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    static String write(EventData data) {
        StringWriter text = new StringWriter(64 + 32 * (data.dimensions().size() + data.measures().size()));
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, String> dimension : data.dimensions().entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, BigDecimal> measure : data.measures().entrySet()) {
                json.writeFieldName(measure.getKey());
                json.writeNumber(measure.getValue().toPlainString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
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
