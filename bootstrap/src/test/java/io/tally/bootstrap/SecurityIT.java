package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class SecurityIT extends ApiTestSupport {



    private static String sign(JWTClaimsSet claims) {
        return Tokens.MINTER.sign(claims);
    }

    private void assertUnauthenticated(Api.Reply reply) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tally\"");
        assertThat(reply.map()).containsEntry("status", 401).containsEntry("type", "urn:tally:problem:unauthenticated");
    }

    @Nested
    class UserTokens {

        @Test
        void aValidOwnerTokenIsAccepted() {
            Api.Reply reply = api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).build()));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.map()).containsEntry("tenant", tenant);
        }

        @Test
        void noTokenIsUnauthenticated() {
            assertUnauthenticated(api.get("/api/v1/tenant", null));
        }

        @Test
        void anUnsignedTokenIsRefused() {
            String unsigned = new PlainJWT(Tokens.validUserClaims(tenant).build()).serialize();

            assertUnauthenticated(api.get("/api/v1/tenant", unsigned));
        }

        @Test
        void aTokenSignedWithAnotherSecretIsRefused() throws JOSEException {
            SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), Tokens.validUserClaims(tenant).build());
            forged.sign(new MACSigner("another-secret-that-is-also-long-enough-0123".getBytes(StandardCharsets.UTF_8)));

            assertUnauthenticated(api.get("/api/v1/tenant", forged.serialize()));
        }

        @Test
        void aTamperedPayloadIsRefused() {
            String[] parts = sign(Tokens.validUserClaims(tenant).build()).split("\\.");
            String otherPayload = sign(Tokens.validUserClaims("someone-else").build()).split("\\.")[1];

            assertUnauthenticated(api.get("/api/v1/tenant", parts[0] + "." + otherPayload + "." + parts[2]));
        }

        @Test
        void anExpiredTokenIsRefused() {
            Instant past = Instant.now().minus(Duration.ofHours(2));
            JWTClaimsSet claims = Tokens.validUserClaims(tenant)
                    .issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(30)))).build();

            assertUnauthenticated(api.get("/api/v1/tenant", sign(claims)));
        }

        @Test
        void aTokenWithoutExpiryIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).expirationTime(null).build())));
        }

        @Test
        void aTokenNotValidYetIsRefused() {
            JWTClaimsSet claims = Tokens.validUserClaims(tenant).notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))).build();

            assertUnauthenticated(api.get("/api/v1/tenant", sign(claims)));
        }

        @Test
        void aTokenOfAnotherIssuerIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).issuer("someone-else").build())));
        }

        @Test
        void anIssuerThatOnlyEndsLikeOursIsRefused() {
            for (String issuer : List.of("", "ally", "y", "http://tally/", "https://tally", "evil-tally")) {
                assertThat(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).issuer(issuer).build())).status())
                        .as("iss '%s'", issuer).isEqualTo(401);
            }
        }

        @Test
        void aTokenWithoutIssuerIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).issuer(null).build())));
        }

        @Test
        void aTokenForAnotherAudienceIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).audience("billing-api").build())));
        }

        @Test
        void aTokenForBothAudiencesIsRefused() {
            JWTClaimsSet claims = Tokens.validUserClaims(tenant).audience(List.of("tally-api", "tally-internal")).build();

            assertUnauthenticated(api.get("/api/v1/tenant", sign(claims)));
        }

        @Test
        void aTokenWithoutTenantIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).claim("tenant", null).build())));
        }

        @Test
        void aTokenWithAMalformedTenantIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).claim("tenant", "a/b").build())));
        }

        @Test
        void aUserTokenWithoutSubjectIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", sign(Tokens.validUserClaims(tenant).subject(null).build())));
        }

        @Test
        void aUserTokenIsRefusedOnTheServiceApi() {
            Api.Reply reply = api.put("/internal/v1/customers/c1", sign(Tokens.validUserClaims(tenant).build()), "{}");

            assertUnauthenticated(reply);
        }

        @Test
        void garbageIsRefused() {
            assertUnauthenticated(api.get("/api/v1/tenant", "not-a-jwt"));
        }
    }

    @Nested
    class ServiceTokens {

        @Test
        void aServiceTokenWithTheScopeIsAccepted() {
            Api.Reply reply = api.put("/internal/v1/customers/c1", Tokens.service(tenant, "customers:write"), "{}");

            assertThat(reply.status()).isEqualTo(201);
        }

        @Test
        void aServiceTokenWithoutSubjectIsAccepted() {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("tally").audience("tally-internal").claim("tenant", tenant)
                    .claim("scope", "customers:write").expirationTime(Date.from(now.plusSeconds(600))).build();

            assertThat(api.put("/internal/v1/customers/c1", sign(claims), "{}").status()).isEqualTo(201);
        }

        @Test
        void aServiceTokenIsRefusedOnThePublicApi() {
            assertUnauthenticated(api.get("/api/v1/tenant", Tokens.service(tenant, "customers:write")));
        }

        @Test
        void aServiceTokenWithoutTheScopeIsForbidden() {
            Api.Reply reply = api.put("/internal/v1/customers/c1", Tokens.service(tenant, "events:write"), "{}");

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.map()).containsEntry("type", "urn:tally:problem:forbidden")
                    .containsEntry("detail", "This operation needs the scope customers:write, which the token does not grant");
        }
    }

    @Nested
    class Roles {

        private static final String SETTINGS = "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\"}";

        @Test
        void everyRoleBelowOwnerIsForbiddenToChangeSettings() {
            for (String role : List.of("viewer", "analyst", "manager", "admin")) {
                Api.Reply reply = api.put("/api/v1/tenant/settings", Tokens.user(tenant, role), SETTINGS);

                assertThat(reply.status()).as(role).isEqualTo(403);
                assertThat(reply.map()).containsEntry("detail", "This operation needs the role owner, which the token does not grant");
            }
        }

        @Test
        void anOwnerMayChangeSettings() {
            assertThat(api.put("/api/v1/tenant/settings", Tokens.user(tenant, "owner"), SETTINGS).status()).isEqualTo(200);
        }

        @Test
        void aTokenWithoutAnyKnownRoleIsForbiddenToRead() {
            Api.Reply reply = api.get("/api/v1/tenant", Tokens.user(tenant, "superuser"));

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.map()).containsEntry("detail", "This operation needs the role viewer, which the token does not grant");
        }
    }

    @Nested
    class Isolation {

        @Test
        void tenantAsTokenCannotReadTenantBsCustomer() {
            String tenantB = Tokens.freshTenant();
            assertThat(api.put("/internal/v1/customers/shared-name", Tokens.service(tenantB, "customers:write"),
                    "{\"display_name\": \"B's customer\"}").status()).isEqualTo(201);

            Api.Reply asA = api.get("/api/v1/customers/shared-name", Tokens.user(tenant, "owner"));
            Api.Reply asB = api.get("/api/v1/customers/shared-name", Tokens.user(tenantB, "viewer"));

            assertThat(asA.status()).isEqualTo(404);
            assertThat(asA.contentType()).startsWith("application/problem+json");
            assertThat(asA.body()).doesNotContain("B's customer");
            assertThat(asB.status()).isEqualTo(200);
            assertThat(asB.map()).containsEntry("display_name", "B's customer");
        }

        @Test
        void tenantAsListDoesNotShowTenantBsCustomers() {
            String tenantB = Tokens.freshTenant();
            api.put("/internal/v1/customers/only-in-b", Tokens.service(tenantB, "customers:write"), "{}");
            api.put("/internal/v1/customers/only-in-a", Tokens.service(tenant, "customers:write"), "{}");

            List<Map<String, Object>> items = api.get("/api/v1/customers", Tokens.user(tenant, "viewer")).items();

            assertThat(items).extracting(item -> item.get("external_id")).containsExactly("only-in-a");
        }

        @Test
        void aCustomerScopedTokenSeesOnlyItsCustomers() {
            String service = Tokens.service(tenant, "customers:write");
            for (String id : List.of("acme", "globex", "initech")) {
                api.put("/internal/v1/customers/" + id, service, "{}");
            }
            String acmeOnly = Tokens.customerUser(tenant, List.of("acme", "initech"), "viewer");

            assertThat(api.get("/api/v1/customers/acme", acmeOnly).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/customers/globex", acmeOnly).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/customers", acmeOnly).items())
                    .extracting(item -> item.get("external_id")).containsExactly("acme", "initech");
        }

        @Test
        void aNullOrMalformedCustomersClaimGrantsNoCustomerRatherThanAll() {
            api.put("/internal/v1/customers/acme", Tokens.service(tenant, "customers:write"), "{}");

            for (Object claim : Arrays.asList(null, 42, Map.of("id", "acme"))) {
                String token = sign(Tokens.validUserClaims(tenant).claim("roles", List.of("viewer")).claim("customers", claim)
                        .serializeNullClaims(true).build());
                assertThat(Tokens.payload(token)).as("the token carries the claim").contains("\"customers\":");

                assertThat(api.get("/api/v1/customers/acme", token).status()).as("customers = %s", claim).isEqualTo(404);
                assertThat(api.get("/api/v1/customers", token).items()).as("customers = %s", claim).isEmpty();
            }
        }

        @Test
        void aCustomerOutsideTheScopeLooksExactlyLikeOneThatDoesNotExist() {
            api.put("/internal/v1/customers/globex", Tokens.service(tenant, "customers:write"), "{}");
            String acmeOnly = Tokens.customerUser(tenant, List.of("acme"), "viewer");

            Map<String, Object> hidden = api.get("/api/v1/customers/globex", acmeOnly).map();
            Map<String, Object> missing = api.get("/api/v1/customers/nobody", acmeOnly).map();

            assertThat(hidden).containsEntry("status", 404).containsEntry("detail", "customer 'globex' was not found");
            assertThat(missing).containsEntry("status", 404).containsEntry("detail", "customer 'nobody' was not found");
            assertThat(hidden.keySet()).isEqualTo(missing.keySet());
        }
    }
}
