package io.tally.adapter.in.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tally.adapter.in.http.problem.RequestRejectedException;
import io.tally.application.port.in.EventSubmission;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.domain.common.InvalidValueException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads CloudEvents 1.0 JSON (structured mode) in one streaming pass: one event as an object, a batch as an
 * array; or one event in binary mode ({@link #readBinary}: {@code ce-} headers and the data as the body). An item that is not a readable event (a number where a string belongs, data that is not an object)
 * becomes an unreadable submission with the reason, and reading goes on with the next item. A
 * body that is not JSON at all, or holds more than 1,000 events, refuses the whole request.
 */
final class CloudEventsReader {

    /** What the Content-Type promises: one event, a batch, or either (plain JSON). */
    enum Shape { SINGLE, BATCH, EITHER }

    private static final JsonFactory JSON = new JsonFactory();

    private CloudEventsReader() {
    }

    static List<EventSubmission> read(byte[] body, Shape shape) {
        try (JsonParser json = JSON.createParser(body)) {
            JsonToken first = json.nextToken();
            List<EventSubmission> events = new ArrayList<>();
            if (first == JsonToken.START_OBJECT && shape != Shape.BATCH) {
                events.add(readEvent(json));
            } else if (first == JsonToken.START_ARRAY && shape != Shape.SINGLE) {
                for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY; item = json.nextToken()) {
                    if (events.size() == IngestEventsCommand.MAX_EVENTS) {
                        throw RequestRejectedException.tooLarge("A batch holds at most " + IngestEventsCommand.MAX_EVENTS
                                + " events; split it and send the parts");
                    }
                    if (item == JsonToken.START_OBJECT) {
                        events.add(readEvent(json));
                    } else {
                        json.skipChildren();
                        events.add(EventSubmission.unreadable(null, "the item must be a JSON object (a CloudEvent)"));
                    }
                }
            } else {
                throw new InvalidValueException("body", switch (shape) {
                    case SINGLE -> "application/cloudevents+json carries one event as a JSON object; send batches as application/cloudevents-batch+json";
                    case BATCH -> "application/cloudevents-batch+json carries a JSON array of events";
                    case EITHER -> "must be a JSON object (one event) or a JSON array of events";
                });
            }
            if (json.nextToken() != null) {
                throw RequestRejectedException.malformedJson("The request body holds more than one JSON value");
            }
            return events;
        } catch (JsonParseException e) {
            throw RequestRejectedException.malformedJson("The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw RequestRejectedException.malformedJson("The request body could not be read as JSON");
        }
    }

    /** Reads one event object, the parser standing on its START_OBJECT; leaves it on the matching END_OBJECT. */
    private static EventSubmission readEvent(JsonParser json) throws IOException {
        Map<String, String> attributes = new HashMap<>();
        Map<String, String> dimensions = new TreeMap<>();
        Map<String, BigDecimal> measures = new TreeMap<>();
        String problem = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "specversion", "id", "source", "type", "subject", "time", "datacontenttype" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        attributes.put(name, json.getText());
                    } else if (value != JsonToken.VALUE_NULL) {
                        json.skipChildren();
                        problem = first(problem, name + " must be a string");
                    }
                }
                case "data" -> {
                    if (value == JsonToken.START_OBJECT) {
                        problem = first(problem, readData(json, dimensions, measures));
                    } else if (value != JsonToken.VALUE_NULL) {
                        json.skipChildren();
                        problem = first(problem, "data must be a JSON object of strings and numbers");
                    }
                }
                case "data_base64" -> {
                    json.skipChildren();
                    problem = first(problem, "data_base64 is not supported; send data as a JSON object");
                }
                default -> json.skipChildren();
            }
        }
        String contentType = attributes.get("datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            problem = first(problem, "datacontenttype must be application/json");
        }
        if (problem != null) {
            return EventSubmission.unreadable(attributes.get("id"), problem);
        }
        return EventSubmission.of(attributes.get("specversion"), attributes.get("id"), attributes.get("source"),
                attributes.get("type"), attributes.get("subject"), attributes.get("time"), dimensions, measures);
    }

    /** Reads a data object into dimensions and measures; returns the first problem, or null. */
    private static String readData(JsonParser json, Map<String, String> dimensions, Map<String, BigDecimal> measures)
            throws IOException {
        String problem = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                dimensions.put(name, json.getText());
            } else if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    measures.put(name, json.getDecimalValue());
                } catch (NumberFormatException | ArithmeticException e) {
                    problem = first(problem, "data." + name + " is not a number Tally can store");
                }
            } else if (value != JsonToken.VALUE_NULL) {
                json.skipChildren();
                problem = first(problem, "data." + name + " must be a string or a number");
            }
        }
        return problem;
    }

    /** The context attributes binary mode carries as {@code ce-} headers (extensions are ignored, as in structured mode). */
    static final List<String> BINARY_ATTRIBUTES = List.of("specversion", "id", "source", "type", "subject", "time");

    /**
     * Reads one event in binary content mode: its attributes from the {@code ce-} headers ({@code headers} by attribute
     * name, percent-decoded here as the HTTP binding says), its data from the body, a JSON object (an empty body is no
     * data). The same validation follows as for a structured event: a body that is not an object of strings and
     * numbers makes the item rejected, with the reason.
     */
    static List<EventSubmission> readBinary(Map<String, String> headers, byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((name, value) -> attributes.put(name, percentDecoded(value)));
        Map<String, String> dimensions = new TreeMap<>();
        Map<String, BigDecimal> measures = new TreeMap<>();
        String problem = null;
        if (body.length > 0) {
            try (JsonParser json = JSON.createParser(body)) {
                JsonToken first = json.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    problem = readData(json, dimensions, measures);
                } else if (first != JsonToken.VALUE_NULL && first != null) {
                    json.skipChildren();
                    problem = "data must be a JSON object of strings and numbers";
                }
                if (first != null && json.nextToken() != null) {
                    throw RequestRejectedException.malformedJson("The request body holds more than one JSON value");
                }
            } catch (JsonParseException e) {
                throw RequestRejectedException.malformedJson("The request body (the event's data, in binary mode) is not valid JSON (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            } catch (IOException e) {
                throw RequestRejectedException.malformedJson("The request body could not be read as JSON");
            }
        }
        if (problem != null) {
            return List.of(EventSubmission.unreadable(attributes.get("id"), problem));
        }
        return List.of(EventSubmission.of(attributes.get("specversion"), attributes.get("id"), attributes.get("source"), attributes.get("type"),
                attributes.get("subject"), attributes.get("time"), dimensions, measures));
    }

    /** A header value with its %XX escapes (UTF-8) decoded; a '%' not followed by two hex digits stays as it is. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String first(String problem, String another) {
        return problem != null ? problem : another;
    }
}
