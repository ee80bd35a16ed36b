package io.tally.application.port.in.privacy;

import java.io.InputStream;
import java.util.Objects;

/** An access request's zip, to download: its name, size and content. */
public record PrivacyFile(String fileName, long bytes, InputStream content) {
    public PrivacyFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }
}
