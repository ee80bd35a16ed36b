package io.tally.bootstrap;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real signed tokens for integration tests, with the secret of application-test.yml. They are minted on the wall
 * clock, not on {@link TestClock}: Micronaut checks {@code exp} and {@code nbf} against the real time.
 */
final class Tokens {

    static final String SECRET = "integration-tests-only-secret-0123456789abcdef";
    static final String ISSUER = "tally";
    static final TokenMinter MINTER = new TokenMinter(SECRET, ISSUER);

    private Tokens() {
    }

    /** A tenant id no other test uses. */
    static String freshTenant() {
        return "it-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String user(String tenant, String... roles) {
        return MINTER.userToken(tenant, "user-of-" + tenant, Arrays.asList(roles), List.of(), Instant.now(), Duration.ofMinutes(10));
    }

    static String customerUser(String tenant, List<String> customers, String... roles) {
        return MINTER.userToken(tenant, "customer-user", Arrays.asList(roles), customers, Instant.now(), Duration.ofMinutes(10));
    }

    static String service(String tenant, String... scopes) {
        return MINTER.serviceToken(tenant, "svc", Arrays.asList(scopes), Instant.now(), Duration.ofMinutes(10));
    }

    /** The decoded JSON payload of a token. */
    static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** The claims of a valid owner user token, for tests that change one thing about it. */
    static JWTClaimsSet.Builder validUserClaims(String tenant) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(TokenMinter.API_AUDIENCE)
                .subject("someone")
                .claim("tenant", tenant)
                .claim("roles", List.of("owner"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }
}
