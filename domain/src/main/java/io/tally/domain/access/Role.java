package io.tally.domain.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A staff role. Roles are cumulative: each includes every role before it, so an owner may do all that an
 * admin, manager, analyst or viewer may.
 */
public enum Role {
    /** Reads analytics. */
    VIEWER,
    /** Also exports. */
    ANALYST,
    /** Also defines meters, plans, schedules and alerts. */
    MANAGER,
    /** Also runs bulk resets, reads the audit log, manages retention and erasure. */
    ADMIN,
    /** Also changes tenant settings. */
    OWNER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** This role and every role it includes. */
    public Set<Role> withIncluded() {
        return EnumSet.range(VIEWER, this);
    }

    /** True when a holder of this role may do what {@code required} allows. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
