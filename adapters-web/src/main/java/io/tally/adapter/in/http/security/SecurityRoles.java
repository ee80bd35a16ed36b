package io.tally.adapter.in.http.security;

/**
 * The names @Secured checks. User tokens grant their role and every role below it; service tokens grant
 * "scope:" + each scope of their {@code scope} claim.
 */
public final class SecurityRoles {

    public static final String VIEWER = "viewer";
    public static final String ANALYST = "analyst";
    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";
    public static final String OWNER = "owner";

    public static final String SCOPE_PREFIX = "scope:";
    public static final String SCOPE_CUSTOMERS_WRITE = SCOPE_PREFIX + "customers:write";
    public static final String SCOPE_EVENTS_WRITE = SCOPE_PREFIX + "events:write";
    public static final String SCOPE_BILLING_WRITE = SCOPE_PREFIX + "billing:write";
    public static final String SCOPE_QUOTA_READ = SCOPE_PREFIX + "quota:read";
    public static final String SCOPE_CONSENT_WRITE = SCOPE_PREFIX + "consent:write";

    /** Audience of user tokens, accepted on /api/** only. */
    public static final String API_AUDIENCE = "tally-api";
    /** Audience of service tokens, accepted on /internal/** only. */
    public static final String INTERNAL_AUDIENCE = "tally-internal";

    private SecurityRoles() {
    }
}
