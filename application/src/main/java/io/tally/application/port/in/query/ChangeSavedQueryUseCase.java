package io.tally.application.port.in.query;

/** Replaces a saved query's definition by a new version, keeping the previous one: its owner may, and a manager when it is shared. */
public interface ChangeSavedQueryUseCase {

    SavedQueryView changeSavedQuery(ChangeSavedQueryCommand command);
}
