package io.tally.adapter.in.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-29T00:30:00Z");

    private static VerifiedTokens.Verified verified(Instant until) {
        return new VerifiedTokens.Verified(Authentication.build("svc", List.of("scope:quota:read"), Map.of("tenant", "acme")), true, "acme", null,
                until);
    }

    @Test
    void keepsATokenUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(new SimpleMeterRegistry());
        tokens.remember("a.b.c", verified(NOW.plusSeconds(60)), NOW);
        assertEquals("svc", tokens.find("a.b.c", NOW.plusSeconds(59)).orElseThrow().authentication().getName());
        assertTrue(tokens.find("a.b.c", NOW.plusSeconds(60)).isEmpty(), "gone at its expiry");
        assertEquals(0, tokens.size(), "an expired token is dropped when asked for");
    }

    @Test
    void keepsNoTokenLongerThanTheLongestTimeEvenIfItIsValidForLonger() {
        VerifiedTokens tokens = new VerifiedTokens(new SimpleMeterRegistry());
        tokens.remember("a.b.c", verified(NOW.plus(Duration.ofDays(90))), NOW);
        assertTrue(tokens.find("a.b.c", NOW.plus(Duration.ofMinutes(VerifiedTokens.LONGEST_MINUTES)).minusMillis(1)).isPresent());
        assertTrue(tokens.find("a.b.c", NOW.plus(Duration.ofMinutes(VerifiedTokens.LONGEST_MINUTES))).isEmpty(),
                "verified again after the longest time (a key that left the JWKS)");
    }

    @Test
    void findsOnlyTheExactText() {
        VerifiedTokens tokens = new VerifiedTokens(new SimpleMeterRegistry());
        tokens.remember("a.b.c", verified(NOW.plusSeconds(60)), NOW);
        assertTrue(tokens.find("a.b.C", NOW).isEmpty());
        assertTrue(tokens.find("a.b.c ", NOW).isEmpty());
    }

    @Test
    void startsAgainEmptyWhenFull() {
        VerifiedTokens tokens = new VerifiedTokens(new SimpleMeterRegistry());
        for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.remember("t" + i, verified(NOW.plusSeconds(60)), NOW);
        }
        assertEquals(VerifiedTokens.MAX_TOKENS, tokens.size());
        tokens.remember("one-more", verified(NOW.plusSeconds(60)), NOW);
        assertEquals(1, tokens.size(), "the cache never holds more than its maximum");
        assertTrue(tokens.find("one-more", NOW).isPresent());
    }
}
