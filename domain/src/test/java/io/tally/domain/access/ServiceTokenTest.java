package io.tally.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServiceTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final UUID JTI = UUID.fromString("0b6f7c1e-3f5a-4c1d-9f0e-8a7b6c5d4e3f");

    @Test
    void scopesAreParsedFromAnOAuthStringAndWrittenInOneOrder() {
        Set<ServiceScope> scopes = ServiceScope.parse("scope", "  quota:read events:write\tQUOTA:READ ");

        assertThat(scopes).containsExactlyInAnyOrder(ServiceScope.QUOTA_READ, ServiceScope.EVENTS_WRITE);
        assertThat(ServiceScope.claim(scopes)).isEqualTo("events:write quota:read");
    }

    @Test
    void anUnknownOrMissingScopeIsRefusedNamingIt() {
        assertThatThrownBy(() -> ServiceScope.parse("scope", "events:write admin")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("'admin' is not a scope").extracting(e -> ((InvalidValueException) e).field()).isEqualTo("scope");
        assertThatThrownBy(() -> ServiceScope.parse("scope", " ")).isInstanceOf(InvalidValueException.class).hasMessageContaining("is required");
        assertThatThrownBy(() -> ServiceScope.parse("scope", null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aTokenLivesFrom5MinutesTo2Years() {
        ServiceToken token = ServiceToken.issue(JTI, " billing-sync ", Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(30), NOW, "ana");

        assertThat(token.name()).isEqualTo("billing-sync");
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2027-01-02T10:00:00Z"));
        assertThat(ServiceToken.issue(JTI, "x", Set.of(ServiceScope.BILLING_WRITE), Duration.ofMinutes(5), NOW, "ana").expiresAt())
                .isEqualTo(NOW.plusSeconds(300));
        assertThat(ServiceToken.issue(JTI, "x", Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(730), NOW, "ana")).isNotNull();
        for (Duration wrong : new Duration[] {Duration.ofMinutes(4).plusSeconds(59), Duration.ofDays(730).plusSeconds(1), Duration.ZERO,
                Duration.ofDays(-1)}) {
            assertThatThrownBy(() -> ServiceToken.issue(JTI, "x", Set.of(ServiceScope.BILLING_WRITE), wrong, NOW, "ana"))
                    .as(wrong.toString()).isInstanceOf(InvalidValueException.class).hasMessageContaining("PT5M to P730D");
        }
    }

    @Test
    void theNameIsALabel() {
        assertThatThrownBy(() -> ServiceToken.issue(JTI, "  ", Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(1), NOW, "ana"))
                .isInstanceOf(InvalidValueException.class).extracting(e -> ((InvalidValueException) e).field()).isEqualTo("name");
        assertThatThrownBy(() -> ServiceToken.issue(JTI, "a\nb", Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(1), NOW, "ana"))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> ServiceToken.issue(JTI, "x".repeat(101), Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(1), NOW, "ana"))
                .hasMessageContaining("at most 100");
        assertThat(ServiceToken.issue(JTI, "王".repeat(100), Set.of(ServiceScope.BILLING_WRITE), Duration.ofDays(1), NOW, "ana").name())
                .hasSize(100);
    }

    @Test
    void theStatusIsRevokedThenExpiredThenActive() {
        ServiceToken token = ServiceToken.issue(JTI, "x", Set.of(ServiceScope.EVENTS_WRITE), Duration.ofDays(1), NOW, "ana");
        ServiceToken revoked = new ServiceToken(JTI, "x", token.scopes(), NOW, "ana", token.expiresAt(), Optional.empty(),
                Optional.of(NOW.plusSeconds(60)), Optional.of("ben"));

        assertThat(token.status(NOW)).isEqualTo(ServiceToken.Status.ACTIVE);
        assertThat(token.status(token.expiresAt())).isEqualTo(ServiceToken.Status.EXPIRED);
        assertThat(revoked.status(NOW.plusSeconds(61))).isEqualTo(ServiceToken.Status.REVOKED);
        assertThat(revoked.status(token.expiresAt().plusSeconds(1))).isEqualTo(ServiceToken.Status.REVOKED);
        assertThatThrownBy(() -> new ServiceToken(JTI, "x", token.scopes(), NOW, "ana", token.expiresAt(), Optional.empty(),
                Optional.of(NOW), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
