package io.tally.application.port.in.token;

import io.tally.domain.access.ServiceToken;
import java.util.Objects;

/** A token just issued: the signed token, shown this once, and what is kept about it. */
public record IssuedServiceToken(String token, ServiceToken details) {

    public IssuedServiceToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(details, "details");
    }
}
