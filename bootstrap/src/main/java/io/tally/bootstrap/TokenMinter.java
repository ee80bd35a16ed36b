package io.tally.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Signs HS256 tokens in Tally's two shapes, for local use (the {@code token} command, the demo, tests). */
final class TokenMinter {

    static final String API_AUDIENCE = "tally-api";
    static final String INTERNAL_AUDIENCE = "tally-internal";

    private final byte[] secret;
    private final String issuer;

    TokenMinter(String secret, String issuer) {
        TallyEnvironment.checkSecret(secret);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** A user token: audience tally-api, the given roles, optionally limited to some customers. */
    String userToken(String tenant, String subject, List<String> roles, List<String> customers, Instant now, Duration ttl) {
        JWTClaimsSet.Builder claims = base(tenant, subject, API_AUDIENCE, now, ttl).claim("roles", roles);
        if (!customers.isEmpty()) {
            claims.claim("customers", customers);
        }
        return sign(claims.build());
    }

    /** A service token: audience tally-internal, the scopes space-separated as OAuth does. */
    String serviceToken(String tenant, String subject, List<String> scopes, Instant now, Duration ttl) {
        return sign(base(tenant, subject, INTERNAL_AUDIENCE, now, ttl).claim("scope", String.join(" ", scopes)).build());
    }

    /** A managed service token: as {@link #serviceToken}, with its {@code jti}, from its issue time to its expiry. */
    String managedServiceToken(String tenant, String subject, UUID jti, String scope, Instant issuedAt, Instant expiresAt) {
        return sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(INTERNAL_AUDIENCE)
                .subject(subject)
                .jwtID(jti.toString())
                .claim("tenant", tenant)
                .claim("scope", scope)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .build());
    }

    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    private JWTClaimsSet.Builder base(String tenant, String subject, String audience, Instant now, Duration ttl) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("tenant", tenant)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
    }
}
