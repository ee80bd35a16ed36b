package io.tally.application.port.in.billing;

/** MRR and its movements per calendar month in the tenant's timezone. */
public interface GetMrrSeriesUseCase {

    MrrSeries getMrrSeries(MrrSeriesQuery query);
}
