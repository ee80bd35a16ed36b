package io.tally.application.port.in;

/**
 * Stores usage that Tally observed itself (such as its own API calls), already well-formed, for one
 * tenant. Meant to be called off the request path, in batches.
 */
public interface RecordUsageUseCase {

    void recordUsage(RecordUsageCommand command);
}
