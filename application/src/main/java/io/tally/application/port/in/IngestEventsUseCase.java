package io.tally.application.port.in;

/**
 * Stores a batch of usage events, exactly once per (tenant, source, id), whatever is resent or raced:
 * valid items are stored even when others in the batch are rejected, and each item gets its outcome.
 */
public interface IngestEventsUseCase {

    IngestResult ingest(IngestEventsCommand command);
}
