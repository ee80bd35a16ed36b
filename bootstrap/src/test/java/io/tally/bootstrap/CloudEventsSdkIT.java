package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events sent as integrators send them, with the official CloudEvents Java SDK (cloudevents-http-basic and
 * cloudevents-json-jackson): binary content mode (the SDKs' default: ce- headers, data as the body), structured mode,
 * and a batch; each counted once, a resend a duplicate, and the data_base64 and non-JSON data cases answered clearly.
 */
@MicronautTest(transactional = false)
class CloudEventsSdkIT extends ApiTestSupport {

    static final OffsetDateTime AT = TestClock.now().atOffset(ZoneOffset.UTC).minusHours(2).truncatedTo(ChronoUnit.SECONDS);

    static CloudEvent call(String id, String customer, String outcome) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/sdk/tests")).withType("call").withSubject(customer).withTime(AT)
                .withDataContentType("application/json").withExtension("region", "eu-west")
                .withData(("{\"outcome\": \"" + outcome + "\", \"agent\": \"ana\", \"duration_s\": 30}").getBytes(StandardCharsets.UTF_8)).build();
    }

    /** The headers and body the SDK writes for an event in binary mode. */
    static Api.Reply sendBinary(Api api, String token, CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(headers::put, bytes -> body.writeBytes(bytes == null ? new byte[0] : bytes)).writeBinary(event);
        return api.postWithHeaders("/internal/v1/events", token, headers, body.toByteArray());
    }

    long calls(String customer) {
        Api.Reply reply = api.post("/api/v1/analytics/query", Tokens.user(tenant, "viewer"), "application/json",
                "{\"metric\": \"calls\", \"customer\": \"" + customer + "\", \"days\": 2, \"tz\": \"UTC\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) ((List<Map<String, Object>>) reply.map().get("series")).getFirst().get("totals");
        return ((Number) total.get("value")).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void binaryStructuredAndBatchEventsFromTheSdkAreCountedOnce() {
        String token = Tokens.service(tenant, "events:write");
        Api.Reply binary = sendBinary(api, token, call("sdk-1", "sdk-customer", "completed"));
        assertThat(binary.status()).as(binary.body()).isEqualTo(200);
        assertThat(binary.map()).containsEntry("accepted", 1);
        Api.Reply again = sendBinary(api, token, call("sdk-1", "sdk-customer", "completed"));
        assertThat(again.map()).as("the same (source, id) again").containsEntry("duplicates", 1).containsEntry("accepted", 0);

        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(headers::put, body::writeBytes).writeStructured(call("sdk-2", "sdk-customer", "failed"), new JsonFormat());
        assertThat(headers.get("Content-Type")).startsWith("application/cloudevents+json");
        Api.Reply structured = api.postWithHeaders("/internal/v1/events", token, headers, body.toByteArray());
        assertThat(structured.status()).as(structured.body()).isEqualTo(200);

        JsonFormat format = new JsonFormat();
        String batch = "[" + String.join(",", List.of("sdk-3", "sdk-4", "sdk-5").stream()
                .map(id -> new String(format.serialize(call(id, "sdk-customer", "completed")), StandardCharsets.UTF_8)).toList()) + "]";
        Api.Reply batched = api.post("/internal/v1/events", token, "application/cloudevents-batch+json", batch);
        assertThat(batched.status()).as(batched.body()).isEqualTo(200);
        assertThat(batched.map()).containsEntry("accepted", 3);

        assertThat(calls("sdk-customer")).as("1 binary + 1 structured + 3 in the batch, the resend not counted").isEqualTo(5);
        Api.Reply completed = api.post("/api/v1/analytics/query", Tokens.user(tenant, "viewer"), "application/json",
                "{\"metric\": \"completed_calls\", \"customer\": \"sdk-customer\", \"days\": 2, \"tz\": \"UTC\"}");
        assertThat(completed.body()).as("the binary event's data was read: its outcome counts").contains("\"value\":4");
    }

    @Test
    @SuppressWarnings("unchecked")
    void binaryModeValidatesAsStructuredModeAndNamesWhatIsWrong() {
        String token = Tokens.service(tenant, "events:write");
        // no id: rejected per item, as in structured mode
        CloudEvent noSubject = CloudEventBuilder.v1().withId("sdk-x").withSource(URI.create("/sdk/tests")).withType("call").withTime(AT)
                .withDataContentType("application/json").withData("{\"outcome\": \"completed\"}".getBytes(StandardCharsets.UTF_8)).build();
        Api.Reply missing = sendBinary(api, token, noSubject);
        assertThat(missing.status()).as(missing.body()).isEqualTo(207);
        Map<String, Object> item = ((List<Map<String, Object>>) missing.map().get("results")).getFirst();
        assertThat(item).containsEntry("status", "rejected").containsEntry("id", "sdk-x");
        assertThat(item.get("reason").toString()).contains("subject");

        // data that is not JSON: the SDK sends it as its Content-Type
        CloudEvent text = CloudEventBuilder.v1().withId("sdk-t").withSource(URI.create("/sdk/tests")).withType("call").withSubject("c")
                .withTime(AT).withDataContentType("text/plain").withData("hello".getBytes(StandardCharsets.UTF_8)).build();
        Api.Reply plain = sendBinary(api, token, text);
        assertThat(plain.status()).as(plain.body()).isIn(400, 415);
        assertThat(plain.body()).contains("binary").contains("application/json");

        // binary data in structured mode is data_base64: rejected with the reason
        CloudEvent bytes = CloudEventBuilder.v1().withId("sdk-b").withSource(URI.create("/sdk/tests")).withType("call").withSubject("c")
                .withTime(AT).withDataContentType("application/octet-stream").withData(new byte[] {1, 2, 3}).build();
        String json = new String(new JsonFormat().serialize(bytes), StandardCharsets.UTF_8);
        assertThat(json).contains("data_base64");
        Api.Reply base64 = api.post("/internal/v1/events", token, "application/cloudevents+json", json);
        assertThat(base64.status()).as(base64.body()).isEqualTo(207);
        assertThat(((List<Map<String, Object>>) base64.map().get("results")).getFirst().get("reason").toString()).contains("data_base64");

        // a body that is not an object of strings and numbers
        Map<String, String> headers = new LinkedHashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "sdk-arr", "ce-source", "/sdk/tests",
                "ce-type", "call", "ce-subject", "c", "Content-Type", "application/json"));
        Api.Reply array = api.postWithHeaders("/internal/v1/events", token, headers, "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertThat(array.status()).as(array.body()).isEqualTo(207);
        assertThat(array.body()).contains("data must be a JSON object");
        // percent-encoded header values are decoded, as the HTTP binding says
        headers.put("ce-id", "sdk-%C3%A9t%C3%A9");
        headers.put("ce-time", AT.toString());
        Api.Reply encoded = api.postWithHeaders("/internal/v1/events", token, headers, "{\"outcome\": \"completed\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
        assertThat(encoded.body()).contains("sdk-été");
    }
}
