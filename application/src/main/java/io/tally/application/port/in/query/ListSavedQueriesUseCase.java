package io.tally.application.port.in.query;

import io.tally.application.port.in.Page;

/** The saved queries the caller sees: its own and the tenant's shared ones, oldest first. */
public interface ListSavedQueriesUseCase {

    Page<SavedQueryView> listSavedQueries(ListSavedQueriesQuery query);
}
