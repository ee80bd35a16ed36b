package io.tally.adapter.in.http.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The claims Tally reads from tokens, and how multi-valued claims are parsed. */
public final class TokenClaims {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";
    public static final String SCOPE = "scope";
    public static final String CUSTOMERS = "customers";
    public static final String AUDIENCE = "aud";

    private TokenClaims() {
    }

    public static Set<String> audiences(Object claim) {
        return Set.copyOf(strings(claim));
    }

    /** A claim that is a JSON array of strings, or one string of space-separated words. */
    public static List<String> strings(Object claim) {
        if (claim instanceof String text) {
            return List.of(text.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
