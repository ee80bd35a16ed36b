package io.tally.application.port.in.analytics;

/** A customer's call-activity figures over a period. */
public interface GetCallActivityUseCase {

    CallActivity getCallActivity(UsageQuery query);
}
