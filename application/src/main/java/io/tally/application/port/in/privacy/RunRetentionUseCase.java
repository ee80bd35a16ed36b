package io.tally.application.port.in.privacy;

/** The daily cleanup of every tenant, then the monthly partitions every tenant's retention has passed. */
public interface RunRetentionUseCase {

    /** Answers the rows deleted across tenants. */
    long runRetention();
}
