package io.tally.adapter.out.delivery.link;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.domain.tenant.TenantId;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download links that need no token: {@code {TALLY_PUBLIC_URL}/api/v1/schedule-files/{file}?tenant=…&expires=…&signature=…},
 * the signature an HMAC-SHA256 of the tenant, the file and the expiry under a key derived from {@code TALLY_LINKS_SECRET}
 * (else from the JWT secret), so that every node makes and accepts the same links. Without a public URL, links name the
 * address this node listens on.
 */
@Singleton
public class SignedDownloadLinks implements DownloadLinkPort {

    private static final Logger LOG = LoggerFactory.getLogger(SignedDownloadLinks.class);

    private final byte[] key;
    private final String publicUrl;
    private final BeanContext context;

    SignedDownloadLinks(@Value("${tally.links.secret:}") String secret,
                        @Value("${micronaut.security.token.jwt.signatures.secret.tally.secret:}") String jwtSecret,
                        @Value("${tally.public-url:}") String publicUrl, BeanContext context) {
        String base = !secret.isBlank() ? secret : jwtSecret;
        if (base.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            base = Base64.getEncoder().encodeToString(random);
            LOG.warn("neither TALLY_LINKS_SECRET nor TALLY_JWT_SECRET is set: download links are signed with a key of this node only");
        }
        this.key = hmac(base.getBytes(StandardCharsets.UTF_8), "tally download links".getBytes(StandardCharsets.UTF_8));
        this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
        this.context = context;
    }

    @Override
    public URI link(TenantId tenant, UUID file, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return URI.create(base() + "/api/v1/schedule-files/" + file + "?tenant=" + URLEncoder.encode(tenant.value(), StandardCharsets.UTF_8)
                + "&expires=" + expires + "&signature=" + signature(tenant, file, expires));
    }

    @Override
    public URI address(String path) {
        return URI.create(base() + path);
    }

    @Override
    public boolean verify(TenantId tenant, UUID file, long expires, String signature) {
        return MessageDigest.isEqual(signature(tenant, file, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(TenantId tenant, UUID file, long expires) {
        byte[] mac = hmac(key, (tenant.value() + "\n" + file + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private String base() {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        return context.findBean(EmbeddedServer.class).map(server -> server.getURL().toString().replaceAll("/+$", ""))
                .orElse("http://localhost:8080");
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
