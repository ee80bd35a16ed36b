package io.tally.domain.query;

import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.common.ForbiddenException;
import java.util.Objects;

/**
 * Who sees and changes something a user saved (a saved query, a dashboard): its owner (the token's subject), and,
 * when it is shared with the tenant, everyone of the tenant to see it and managers to change it. Sharing needs the
 * analyst role.
 */
public record Sharing(String owner, Visibility visibility) {

    public Sharing {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(visibility, "visibility");
    }

    /** Whether the actor sees it: their own, or a shared one. */
    public boolean visibleTo(Actor actor) {
        return owner.equals(actor.subject()) || visibility == Visibility.TENANT;
    }

    /** Whether the actor may change or delete it: the owner, or a manager when it is shared. */
    public boolean changeableBy(Actor actor) {
        return owner.equals(actor.subject()) || (visibility == Visibility.TENANT && hasRole(actor, Role.MANAGER));
    }

    /** Fails unless the actor may give something this visibility: sharing with the tenant needs the analyst role. */
    public static void requireMaySet(Actor actor, Visibility visibility, String what) {
        if (visibility == Visibility.TENANT && !hasRole(actor, Role.ANALYST)) {
            throw new ForbiddenException("sharing " + what + " with the tenant needs the analyst role; a viewer's are private");
        }
    }

    public static boolean hasRole(Actor actor, Role role) {
        return actor.kind() == Actor.Kind.USER && actor.roles().stream().anyMatch(held -> held.includes(role));
    }
}
