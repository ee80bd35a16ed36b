package io.tally.adapter.in.internal;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.openapi.ProblemResponses;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;

@Tag(name = "Internal: usage events")
@Controller("/internal/v1/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemResponses.Secured
class EventIngestionController {

    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";
    /** The header that makes a request a binary-mode CloudEvent. */
    static final String BINARY_MARKER = "ce-specversion";

    private final IngestEventsUseCase ingestEvents;

    EventIngestionController(IngestEventsUseCase ingestEvents) {
        this.ingestEvents = ingestEvents;
    }

    /**
     * Stores usage events (service token with scope {@code events:write}). One CloudEvent as
     * {@code application/cloudevents+json}, a batch of up to 1,000 as {@code application/cloudevents-batch+json}
     * (a JSON array), or either shape as {@code application/json}; at most 1 MiB. In binary content mode (the CloudEvents
     * SDKs' default), one event: its attributes as {@code ce-specversion}, {@code ce-id}, {@code ce-source},
     * {@code ce-type}, {@code ce-subject} and {@code ce-time} headers, its data as an {@code application/json} body. Each event is unique per
     * tenant by (source, id): resending one is safe. Every item gets its outcome: accepted, duplicate,
     * conflict or rejected (with a reason). Answers 200 when every item is accepted or a duplicate,
     * otherwise 207. A body that is not JSON, or not the shape its Content-Type promises, is 400; more than 1,000 events
     * or 1 MiB is 413; in either case nothing is stored.
     *
     * @param request the request, for its Content-Type
     * @param body the event or the batch
     * @return the outcome of every item, in the order sent
     */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
        @Content(mediaType = CLOUDEVENTS_JSON, schema = @Schema(implementation = CloudEventSchema.class)),
        @Content(mediaType = CLOUDEVENTS_BATCH_JSON, array = @ArraySchema(arraySchema = @Schema(type = "array"), maxItems = 1000, schema = @Schema(implementation = CloudEventSchema.class))),
        @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(arraySchema = @Schema(type = "array"), maxItems = 1000, schema = @Schema(implementation = CloudEventSchema.class)))})
    @ApiResponse(responseCode = "200", description = "every item accepted or a duplicate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponse.class)))
    @ApiResponse(responseCode = "207", description = "some items conflict or were rejected; the valid ones are stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponse.class)))
    @Post(consumes = {CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON, MediaType.APPLICATION_JSON}, produces = MediaType.APPLICATION_JSON)
    @Secured(SecurityRoles.SCOPE_EVENTS_WRITE)
    @ProblemResponses.BadRequest
    @ProblemResponses.PayloadTooLarge
    @ProblemResponses.UnsupportedMediaType
    HttpResponse<IngestResponse> ingestEvents(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @Parameter(hidden = true) @Body byte[] body) {
        String contentType = request.getContentType().map(MediaType::getName).orElse(MediaType.APPLICATION_JSON);
        if (request.getHeaders().contains(BINARY_MARKER)) {
            // binary content mode: the attributes in ce- headers, the data as the body (application/json)
            if (!contentType.equals(MediaType.APPLICATION_JSON)) {
                throw new InvalidValueException("Content-Type", "a binary-mode event (ce-specversion header) carries its data as application/json,"
                        + " not as " + contentType + "; structured events go without ce- headers");
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String attribute : CloudEventsReader.BINARY_ATTRIBUTES) {
                request.getHeaders().findFirst("ce-" + attribute).ifPresent(value -> attributes.put(attribute, value));
            }
            IngestResult result = ingestEvents.ingest(new IngestEventsCommand(actor, CloudEventsReader.readBinary(attributes, body)));
            return HttpResponse.<IngestResponse>status(result.allStored() ? HttpStatus.OK : HttpStatus.MULTI_STATUS).body(IngestResponse.of(result));
        }
        CloudEventsReader.Shape shape = switch (contentType) {
            case CLOUDEVENTS_JSON -> CloudEventsReader.Shape.SINGLE;
            case CLOUDEVENTS_BATCH_JSON -> CloudEventsReader.Shape.BATCH;
            default -> CloudEventsReader.Shape.EITHER;
        };
        IngestResult result = ingestEvents.ingest(new IngestEventsCommand(actor, CloudEventsReader.read(body, shape)));
        return HttpResponse.<IngestResponse>status(result.allStored() ? HttpStatus.OK : HttpStatus.MULTI_STATUS)
                .body(IngestResponse.of(result));
    }
}
