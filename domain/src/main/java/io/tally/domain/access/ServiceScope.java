package io.tally.domain.access;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a service token may do on {@code /internal/v1}: one scope per kind of write or read. */
public enum ServiceScope {
    EVENTS_WRITE("events:write"),
    CUSTOMERS_WRITE("customers:write"),
    BILLING_WRITE("billing:write"),
    QUOTA_READ("quota:read"),
    CONSENT_WRITE("consent:write");

    private final String wireName;

    ServiceScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The scopes of an OAuth-style {@code scope} string: names separated by spaces, each known, at least one.
     * Repeats are dropped; the order given is kept.
     */
    public static Set<ServiceScope> parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, "is required: one or more of " + known() + ", separated by spaces");
        }
        Set<ServiceScope> scopes = new LinkedHashSet<>();
        for (String name : value.strip().split("\\s+")) {
            ServiceScope scope = Arrays.stream(values()).filter(s -> s.wireName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new InvalidValueException(field, "'" + name + "' is not a scope: use " + known()));
            scopes.add(scope);
        }
        return Set.copyOf(scopes);
    }

    /** The scopes as a {@code scope} claim: their names in declaration order, separated by spaces. */
    public static String claim(Set<ServiceScope> scopes) {
        return Arrays.stream(values()).filter(scopes::contains).map(ServiceScope::wireName).collect(Collectors.joining(" "));
    }

    private static String known() {
        return Arrays.stream(values()).map(ServiceScope::wireName).collect(Collectors.joining(", "));
    }
}
