package io.tally.adapter.in.internal;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The shape of one CloudEvent, for the OpenAPI document only: the endpoint reads its body itself
 * ({@link CloudEventsReader}), so that one bad item never sinks the batch.
 */
@Introspected
@Schema(name = "CloudEvent", description = "A CloudEvents 1.0 event in structured JSON mode")
record CloudEventSchema(
        @Schema(example = "1.0", allowableValues = "1.0") String specversion,
        @Schema(example = "call-7781", maxLength = 255) String id,
        @Schema(example = "calls-service", maxLength = 255) String source,
        @Schema(example = "call", maxLength = 128) String type,
        @Schema(description = "the customer's external id", example = "acme", maxLength = 255) String subject,
        @Schema(description = "RFC 3339 with offset; default: time of receipt", example = "2026-11-21T14:03:11Z") @Nullable String time,
        @Schema(example = "application/json") @Nullable String datacontenttype,
        @Schema(description = "string values are dimensions, numbers are measures; money needs a currency",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE, example = "{\"outcome\": \"completed\", \"agent\": \"agent-ana\", \"duration_s\": 184, \"cost\": 0.42, \"currency\": \"EUR\"}")
        @Nullable Map<String, Object> data) {
}
