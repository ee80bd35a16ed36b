package io.tally.application.port.in.privacy;

import io.tally.domain.privacy.PrivacyRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as shown: whether it is overdue now, its receipt once it ended (what was done, per table), and an access
 * request's file.
 */
public record PrivacyRequestView(PrivacyRequest request, boolean overdue, Map<String, Object> receipt, Optional<FileView> file) {

    public PrivacyRequestView {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(file, "file");
    }

    /** The zip's size and SHA-256, until when it may be downloaded, and whether it still can be. */
    public record FileView(long bytes, String sha256, Instant expiresAt, boolean available) {
    }
}
