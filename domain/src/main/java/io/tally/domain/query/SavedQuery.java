package io.tally.domain.query;

import io.tally.domain.access.Actor;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A named analytics query with typed parameters, owned by the user who saved it (the token's subject) and seen by
 * them alone ({@link Visibility#PRIVATE}) or by the whole tenant ({@link Visibility#TENANT}). Every change makes a
 * new version; the earlier ones are kept.
 *
 * <p>Who may do what: anyone sees their own queries and the tenant's shared ones; another user's private query does
 * not exist for them. Sharing needs the analyst role. The owner may change or delete a query, and a manager any
 * shared one.
 */
public final class SavedQuery {

    public static final int NAME_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;
    public static final int MAX_PARAMS = 20;

    private final UUID id;
    private final String owner;
    private final Definition definition;
    private final int version;
    private final Instant createdAt;
    private final Instant updatedAt;

    /** What a version of a saved query holds. */
    public record Definition(String name, Optional<String> description, QueryTemplate query, List<QueryParam> params, Visibility visibility) {

        public Definition {
            String problem = Text.labelProblem(name, NAME_MAX_LENGTH);
            if (problem != null) {
                throw new InvalidValueException("name", problem);
            }
            Objects.requireNonNull(description, "description");
            description.ifPresent(text -> {
                String descriptionProblem = Text.labelProblem(text, DESCRIPTION_MAX_LENGTH);
                if (descriptionProblem != null) {
                    throw new InvalidValueException("description", descriptionProblem);
                }
            });
            Objects.requireNonNull(query, "query");
            params = List.copyOf(params);
            Objects.requireNonNull(visibility, "visibility");
            if (params.size() > MAX_PARAMS) {
                throw new InvalidValueException("params", "at most " + MAX_PARAMS + " parameters");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < params.size(); i++) {
                if (!names.add(params.get(i).name())) {
                    throw new InvalidValueException("params[" + i + "].name", "'" + params.get(i).name() + "' is declared twice");
                }
            }
            Map<String, String> used = query.placeholders("query");
            used.forEach((placeholder, path) -> {
                if (!names.contains(placeholder)) {
                    throw new InvalidValueException(path, "{{" + placeholder + "}} names no parameter; declare it in params");
                }
            });
            for (int i = 0; i < params.size(); i++) {
                if (!used.containsKey(params.get(i).name())) {
                    throw new InvalidValueException("params[" + i + "].name", "'" + params.get(i).name() + "' is not used in the query");
                }
            }
        }

        /** The query with each parameter's sample value, to check that it is a valid query when it is saved. */
        public Map<String, Object> sample() {
            Map<String, Object> values = new LinkedHashMap<>();
            params.forEach(param -> values.put(param.name(), param.sample()));
            return query.bind(values::get);
        }
    }

    private SavedQuery(UUID id, String owner, Definition definition, int version, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.version = version;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("versions count from 1");
        }
    }

    /** A new saved query of {@code actor}'s, version 1; sharing it needs the analyst role. */
    public static SavedQuery create(UUID id, Actor actor, Definition definition, Instant now) {
        requireMaySet(actor, definition.visibility());
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new SavedQuery(id, actor.subject(), definition, 1, at, at);
    }

    public static SavedQuery restore(UUID id, String owner, Definition definition, int version, Instant createdAt, Instant updatedAt) {
        return new SavedQuery(id, owner, definition, version, createdAt, updatedAt);
    }

    /** Whether the actor sees this query: their own, or a shared one. */
    public boolean visibleTo(Actor actor) {
        return sharing().visibleTo(actor);
    }

    /** Whether the actor may change or delete it: the owner, or a manager when it is shared. */
    public boolean changeableBy(Actor actor) {
        return sharing().changeableBy(actor);
    }

    private Sharing sharing() {
        return new Sharing(owner, definition.visibility());
    }

    /** The next version with this definition; fails unless the actor may change it (and may share it, when it becomes shared). */
    public SavedQuery revised(Actor actor, Definition next, Instant now) {
        if (!changeableBy(actor)) {
            throw new ForbiddenException("only its owner, or a manager when it is shared, may change a saved query");
        }
        if (next.visibility() != definition.visibility()) {
            requireMaySet(actor, next.visibility());
        }
        return new SavedQuery(id, owner, next, version + 1, createdAt, now.truncatedTo(ChronoUnit.MICROS));
    }

    private static void requireMaySet(Actor actor, Visibility visibility) {
        Sharing.requireMaySet(actor, visibility, "a query");
    }

    /**
     * The parameters' values for a run: those given, else the defaults. Fails naming {@code params.<name>} for a
     * parameter the query does not have, a required one not given, or a value of the wrong type or not allowed.
     */
    public Map<String, Object> values(Map<String, Object> given) {
        return QueryParam.values(definition.params(), given, "this query");
    }

    /** The query with the parameters' values filled in. */
    public Map<String, Object> bind(Map<String, Object> values) {
        return definition.query().bind(values::get);
    }

    public UUID id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public Definition definition() {
        return definition;
    }

    public int version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
