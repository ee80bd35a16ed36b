package io.tally.application.port.out.delivery;

import io.tally.domain.tenant.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** Signed, expiring download links to stored files, and this server's addresses, for mails and webhooks, which carry no token. */
public interface DownloadLinkPort {

    /** The link to a tenant's file, valid until {@code expiresAt}. */
    URI link(TenantId tenant, UUID file, Instant expiresAt);

    /** An absolute address on this server for a path such as {@code /api/v1/customers/c-1} (its public URL when set). */
    URI address(String path);

    /** Whether the signature is the one {@link #link} gave for the tenant, file and expiry (epoch seconds). */
    boolean verify(TenantId tenant, UUID file, long expires, String signature);
}
