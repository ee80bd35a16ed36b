package io.tally.application.port.in.query;

import io.tally.application.port.in.Page;
import io.tally.domain.query.SavedQueryVersion;

/** A saved query's versions, newest first (the first is the current one). */
public interface ListSavedQueryVersionsUseCase {

    Page<SavedQueryVersion> listSavedQueryVersions(ListSavedQueryVersionsQuery query);
}
