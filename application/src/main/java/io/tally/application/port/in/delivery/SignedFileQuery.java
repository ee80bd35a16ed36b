package io.tally.application.port.in.delivery;

import java.util.Objects;
import java.util.UUID;

/** A run's file through the signed link a mail or webhook carried: no token, the signature and expiry instead. */
public record SignedFileQuery(String tenant, UUID file, long expires, String signature) {

    public SignedFileQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(signature, "signature");
    }
}
