package io.tally.application.port.in.privacy;

/** The tenant's retention cleanup now, or a dry run of it (admins). */
public interface CleanupUseCase {

    CleanupReport cleanup(CleanupCommand command);
}
