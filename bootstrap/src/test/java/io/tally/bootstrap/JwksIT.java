package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RS256 tokens verified with the public keys of a JWKS URL, as configured by TALLY_JWT_JWKS_URL. */
class JwksIT {

    private static HttpServer jwksServer;
    private static RSAKey publishedKey;
    private static ApplicationContext context;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        publishedKey = new RSAKeyGenerator(2048).keyID("tally-test-key").generate();
        byte[] jwks = new JWKSet(publishedKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        String url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json";
        context = ApplicationContext.run(Map.of(
                "micronaut.security.token.jwt.signatures.jwks.tally.url", url,
                "micronaut.server.port", -1), "test");
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        api = new Api(server.getURI(), context.getBean(JsonMapper.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    private static String rs256(RSAKey key, String tenant) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                Tokens.validUserClaims(tenant).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aTokenSignedWithThePublishedKeyIsAccepted() throws JOSEException {
        String tenant = Tokens.freshTenant();

        Api.Reply reply = api.get("/api/v1/tenant", rs256(publishedKey, tenant));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.map()).containsEntry("tenant", tenant);
    }

    @Test
    void aTokenSignedWithAnUnpublishedKeyUnderTheSameKeyIdIsRefused() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("tally-test-key").generate();

        assertThat(api.get("/api/v1/tenant", rs256(impostor, Tokens.freshTenant())).status()).isEqualTo(401);
    }
}
