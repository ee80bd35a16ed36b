package io.tally.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, read from the environment (the variables below), with its defaults, and
 * turned into the Micronaut properties they stand for.
 *
 * <table>
 *   <tr><td>TALLY_DB_URL</td><td>jdbc:postgresql://localhost:5432/tally</td></tr>
 *   <tr><td>TALLY_DB_USER</td><td>postgres</td></tr>
 *   <tr><td>TALLY_DB_PASSWORD</td><td>(none)</td></tr>
 *   <tr><td>TALLY_DB_READ_URL</td><td>(none): analytics reads on this read replica (a hot standby)</td></tr>
 *   <tr><td>TALLY_DB_READ_USER, TALLY_DB_READ_PASSWORD</td><td>the primary's</td></tr>
 *   <tr><td>TALLY_DB_READ_MAX_LAG</td><td>30s: a replica further behind is not read</td></tr>
 *   <tr><td>TALLY_JWT_SECRET</td><td>required unless TALLY_JWT_JWKS_URL is set; at least 32 bytes</td></tr>
 *   <tr><td>TALLY_JWT_JWKS_URL</td><td>(none): RS256 keys from this JWKS URL</td></tr>
 *   <tr><td>TALLY_JWT_ISSUER</td><td>tally</td></tr>
 *   <tr><td>MICRONAUT_SERVER_PORT</td><td>8080 (read by Micronaut itself)</td></tr>
 * </table>
 */
record TallyEnvironment(String dbUrl, String dbUser, String dbPassword, Optional<String> jwtSecret,
                        Optional<String> jwksUrl, String issuer, Optional<ReadReplica> readReplica) {

    /** The read replica's connection; user and password default to the primary's. */
    record ReadReplica(String url, String user, String password, Optional<String> maxLag) {
    }

    static final String DEFAULT_DB_URL = "jdbc:postgresql://localhost:5432/tally";
    static final String DEFAULT_DB_USER = "postgres";
    static final String DEFAULT_ISSUER = "tally";
    static final int MIN_SECRET_BYTES = 32;

    /** Configuration that cannot work; the message is one line saying what to set. */
    static final class InvalidConfigurationException extends RuntimeException {
        InvalidConfigurationException(String message) {
            super(message);
        }
    }

    static TallyEnvironment from(Map<String, String> env) {
        Optional<String> secret = nonBlank(env.get("TALLY_JWT_SECRET"));
        Optional<String> jwks = nonBlank(env.get("TALLY_JWT_JWKS_URL"));
        if (secret.isEmpty() && jwks.isEmpty()) {
            throw new InvalidConfigurationException("set TALLY_JWT_SECRET (HS256, at least " + MIN_SECRET_BYTES
                    + " bytes, e.g. `openssl rand -base64 48`) or TALLY_JWT_JWKS_URL (RS256): Tally refuses to start without a way to verify tokens");
        }
        secret.ifPresent(TallyEnvironment::checkSecret);
        String user = nonBlank(env.get("TALLY_DB_USER")).orElse(DEFAULT_DB_USER);
        String password = Optional.ofNullable(env.get("TALLY_DB_PASSWORD")).orElse("");
        Optional<ReadReplica> replica = nonBlank(env.get("TALLY_DB_READ_URL")).map(url -> new ReadReplica(url,
                nonBlank(env.get("TALLY_DB_READ_USER")).orElse(user),
                Optional.ofNullable(env.get("TALLY_DB_READ_PASSWORD")).orElse(password),
                nonBlank(env.get("TALLY_DB_READ_MAX_LAG"))));
        replica.flatMap(ReadReplica::maxLag).ifPresent(TallyEnvironment::checkDuration);
        return new TallyEnvironment(
                nonBlank(env.get("TALLY_DB_URL")).orElse(DEFAULT_DB_URL),
                user,
                password,
                secret,
                jwks,
                nonBlank(env.get("TALLY_JWT_ISSUER")).orElse(DEFAULT_ISSUER),
                replica);
    }

    /** A duration as Micronaut reads one: a number and a unit (500ms, 30s, 2m). */
    private static void checkDuration(String value) {
        if (!value.matches("\\d+(ms|s|m|h)")) {
            throw new InvalidConfigurationException("TALLY_DB_READ_MAX_LAG must be a number and a unit (ms, s, m, h), e.g. 30s; not " + value);
        }
    }

    static void checkSecret(String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new InvalidConfigurationException("TALLY_JWT_SECRET is too short for HS256: use at least "
                    + MIN_SECRET_BYTES + " bytes (e.g. `openssl rand -base64 48`)");
        }
    }

    /** The Micronaut properties this configuration sets. */
    Map<String, Object> micronautProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("datasources.default.url", dbUrl);
        properties.put("datasources.default.username", dbUser);
        properties.put("datasources.default.password", dbPassword);
        readReplica.ifPresent(replica -> {
            properties.put("tally.db.read.url", replica.url());
            properties.put("tally.db.read.username", replica.user());
            properties.put("tally.db.read.password", replica.password());
            replica.maxLag().ifPresent(lag -> properties.put("tally.db.read.max-lag", lag));
        });
        properties.put("micronaut.security.token.jwt.claims-validators.issuer", issuer);
        jwtSecret.ifPresent(secret -> {
            properties.put("micronaut.security.token.jwt.signatures.secret.tally.secret", secret);
            properties.put("micronaut.security.token.jwt.signatures.secret.tally.jws-algorithm", "HS256");
        });
        jwksUrl.ifPresent(url -> properties.put("micronaut.security.token.jwt.signatures.jwks.tally.url", url));
        return properties;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
