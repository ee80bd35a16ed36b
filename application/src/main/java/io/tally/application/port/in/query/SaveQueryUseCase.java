package io.tally.application.port.in.query;

/** Saves a query of the caller's: private, or shared with the tenant (analyst and above). Its query must be a valid analytics query with every placeholder declared as a parameter. */
public interface SaveQueryUseCase {

    SavedQueryView saveQuery(SaveQueryCommand command);
}
