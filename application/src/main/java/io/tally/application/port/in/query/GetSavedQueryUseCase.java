package io.tally.application.port.in.query;

/** A saved query the caller sees (its own, or a shared one), with its run statistics. */
public interface GetSavedQueryUseCase {

    SavedQueryView getSavedQuery(SavedQueryIdQuery query);
}
