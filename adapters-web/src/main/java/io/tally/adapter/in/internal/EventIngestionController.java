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
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tally.adapter.in.http.security.SecurityRoles;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.domain.access.Actor;

@Tag(name = "Internal: usage events")
@Controller("/internal/v1/events")
@ExecuteOn(TaskExecutors.BLOCKING)
class EventIngestionController {

    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

    private final IngestEventsUseCase ingestEvents;

    EventIngestionController(IngestEventsUseCase ingestEvents) {
        this.ingestEvents = ingestEvents;
    }

    /**
     * Stores usage events (service token with scope {@code events:write}). One CloudEvent as
     * {@code application/cloudevents+json}, a batch of up to 1,000 as {@code application/cloudevents-batch+json}
     * (a JSON array), or either shape as {@code application/json}; at most 1 MiB. Each event is unique per
     * tenant by (source, id): resending one is safe. Every item gets its outcome: accepted, duplicate,
     * conflict or rejected (with a reason). Answers 200 when every item is accepted or a duplicate,
     * otherwise 207.
     *
     * @param request the request, for its Content-Type
     * @param body the event or the batch
     * @return the outcome of every item, in the order sent
     */
    @Post(consumes = {CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON, MediaType.APPLICATION_JSON}, produces = MediaType.APPLICATION_JSON)
    @Secured(SecurityRoles.SCOPE_EVENTS_WRITE)
    HttpResponse<IngestResponse> ingestEvents(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @Body byte[] body) {
        String contentType = request.getContentType().map(MediaType::getName).orElse(MediaType.APPLICATION_JSON);
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
