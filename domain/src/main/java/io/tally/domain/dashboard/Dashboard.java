package io.tally.domain.dashboard;

import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Sharing;
import io.tally.domain.query.Visibility;
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
 * A page of widgets with filters their queries share, owned by the analyst who made it (the token's subject) and
 * seen by them alone or by the whole tenant, as saved queries are ({@link Sharing}). Every change makes a new
 * version. A tenant's default dashboards ({@link DefaultDashboards}) carry the key they were made from, so that they
 * can be restored.
 */
public final class Dashboard {

    public static final int NAME_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;
    public static final int MAX_WIDGETS = 30;
    public static final int MAX_FILTERS = 10;
    public static final int MIN_REFRESH_SECONDS = 30;
    public static final int MAX_REFRESH_SECONDS = 86_400;

    private final UUID id;
    private final String owner;
    private final Definition definition;
    private final Optional<String> defaultKey;
    private final int version;
    private final Instant createdAt;
    private final Instant updatedAt;

    /** What a version of a dashboard holds. */
    public record Definition(String name, Optional<String> description, Visibility visibility, List<DashboardFilter> filters,
                             Optional<Integer> refreshSeconds, List<Widget> widgets) {

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
            Objects.requireNonNull(visibility, "visibility");
            filters = List.copyOf(filters);
            widgets = List.copyOf(widgets);
            Objects.requireNonNull(refreshSeconds, "refreshSeconds");
            refreshSeconds.ifPresent(seconds -> {
                if (seconds < MIN_REFRESH_SECONDS || seconds > MAX_REFRESH_SECONDS) {
                    throw new InvalidValueException("refresh_seconds", "must be from " + MIN_REFRESH_SECONDS + " to " + MAX_REFRESH_SECONDS);
                }
            });
            if (filters.size() > MAX_FILTERS) {
                throw new InvalidValueException("filters", "at most " + MAX_FILTERS + " filters");
            }
            DashboardFilter.requireUnique(filters);
            if (widgets.isEmpty() || widgets.size() > MAX_WIDGETS) {
                throw new InvalidValueException("widgets", "takes 1 to " + MAX_WIDGETS + " widgets");
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < widgets.size(); i++) {
                Widget widget = widgets.get(i);
                if (!ids.add(widget.id())) {
                    throw new InvalidValueException("widgets[" + i + "].id", "'" + widget.id() + "' is used by another widget");
                }
                for (int j = 0; j < i; j++) {
                    if (widget.position().overlaps(widgets.get(j).position())) {
                        throw new InvalidValueException("widgets[" + i + "].position", "widget '" + widget.id() + "' overlaps widget '"
                                + widgets.get(j).id() + "'");
                    }
                }
            }
            Set<String> declared = new HashSet<>();
            filters.forEach(filter -> declared.add(filter.placeholder()));
            for (int i = 0; i < widgets.size(); i++) {
                String field = "widgets[" + i + "]";
                QueryTemplate template = switch (widgets.get(i).source()) {
                    case WidgetSource.Inline inline -> inline.query();
                    case WidgetSource.Saved saved -> saved.params();
                };
                template.placeholders(field + (widgets.get(i).source() instanceof WidgetSource.Inline ? ".query" : ".params"))
                        .forEach((placeholder, path) -> {
                            if (!declared.contains(placeholder)) {
                                throw new InvalidValueException(path, "{{" + placeholder + "}} is not a filter of the dashboard; a widget may use "
                                        + (declared.isEmpty() ? "none, it has no filters" : String.join(", ", declared.stream().sorted()
                                        .map(filter -> "{{" + filter + "}}").toList())));
                            }
                        });
            }
        }

        /** The filters' sample values (default, else a sample of the type), by placeholder, to check the widgets with. */
        public Map<String, Object> sampleFilters() {
            Map<String, Object> values = new LinkedHashMap<>();
            filters.forEach(filter -> values.put(filter.placeholder(), filter.sample()));
            return values;
        }

        /** The filters a widget's query uses. */
        public Set<String> filtersOf(Widget widget) {
            QueryTemplate template = switch (widget.source()) {
                case WidgetSource.Inline inline -> inline.query();
                case WidgetSource.Saved saved -> saved.params();
            };
            return template.placeholders("").keySet();
        }
    }

    private Dashboard(UUID id, String owner, Definition definition, Optional<String> defaultKey, int version, Instant createdAt,
                      Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.defaultKey = Objects.requireNonNull(defaultKey, "defaultKey");
        this.version = version;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("versions count from 1");
        }
    }

    /** A new dashboard of {@code actor}'s, version 1: dashboards are made by analysts and above. */
    public static Dashboard create(UUID id, Actor actor, Definition definition, Instant now) {
        requireAnalyst(actor);
        Sharing.requireMaySet(actor, definition.visibility(), "a dashboard");
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new Dashboard(id, actor.subject(), definition, Optional.empty(), 1, at, at);
    }

    /** One of the tenant's default dashboards, shared with the tenant, made on the tenant's behalf. */
    public static Dashboard ofDefault(UUID id, String key, Definition definition, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new Dashboard(id, DefaultDashboards.OWNER, definition, Optional.of(key), 1, at, at);
    }

    public static Dashboard restore(UUID id, String owner, Definition definition, Optional<String> defaultKey, int version, Instant createdAt,
                                    Instant updatedAt) {
        return new Dashboard(id, owner, definition, defaultKey, version, createdAt, updatedAt);
    }

    public boolean visibleTo(Actor actor) {
        return sharing().visibleTo(actor);
    }

    public boolean changeableBy(Actor actor) {
        return sharing().changeableBy(actor);
    }

    private Sharing sharing() {
        return new Sharing(owner, definition.visibility());
    }

    /** The next version with this definition; fails unless the actor may change it (and share it, when it becomes shared). */
    public Dashboard revised(Actor actor, Definition next, Instant now) {
        if (!changeableBy(actor)) {
            throw new ForbiddenException("only its owner, or a manager when it is shared, may change a dashboard");
        }
        if (next.visibility() != definition.visibility()) {
            Sharing.requireMaySet(actor, next.visibility(), "a dashboard");
        }
        return new Dashboard(id, owner, next, defaultKey, version + 1, createdAt, now.truncatedTo(ChronoUnit.MICROS));
    }

    /** A copy of it as a new dashboard of {@code actor}'s, private, version 1. */
    public Dashboard copiedBy(UUID newId, Actor actor, Instant now) {
        requireAnalyst(actor);
        Definition copy = new Definition(copyName(definition.name()), definition.description(), Visibility.PRIVATE, definition.filters(),
                definition.refreshSeconds(), definition.widgets());
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new Dashboard(newId, actor.subject(), copy, Optional.empty(), 1, at, at);
    }

    private static String copyName(String name) {
        String copy = name + " (copy)";
        return copy.codePointCount(0, copy.length()) <= NAME_MAX_LENGTH ? copy : name;
    }

    private static void requireAnalyst(Actor actor) {
        if (!Sharing.hasRole(actor, Role.ANALYST)) {
            throw new ForbiddenException("dashboards are made by analysts and above");
        }
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

    /** The default dashboard it was made from ({@code overview}, {@code performance}, {@code growth}), if it was. */
    public Optional<String> defaultKey() {
        return defaultKey;
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
