package io.tally.application.port.in.query;

/** Runs a saved query with parameter values, as POST /api/v1/analytics/query would run it, and counts the run. */
public interface RunSavedQueryUseCase {

    SavedQueryAnswer runSavedQuery(RunSavedQueryCommand command);
}
