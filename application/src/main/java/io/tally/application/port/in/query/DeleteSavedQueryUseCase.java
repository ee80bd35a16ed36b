package io.tally.application.port.in.query;

/** Deletes a saved query with its versions: its owner may, and a manager when it is shared. */
public interface DeleteSavedQueryUseCase {

    void deleteSavedQuery(SavedQueryIdCommand command);
}
