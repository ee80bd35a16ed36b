package io.tally.adapter.in.web.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardFilter;
import io.tally.domain.dashboard.Position;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetSource;
import io.tally.domain.dashboard.WidgetType;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Visibility;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A dashboard's definition: {@code name}, {@code description}, {@code visibility} ({@code private}, the default, or
 * {@code tenant}), {@code refresh_seconds} (30 or more), {@code filters} and up to 30 {@code widgets}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record DashboardRequest(@Nullable String name, @Nullable String description, @Nullable String visibility, @Nullable Integer refreshSeconds,
                        @Nullable List<FilterRequest> filters, @Nullable List<WidgetRequest> widgets) {

    /** A filter: {@code name}, {@code type} ({@code customer}, {@code period}, {@code dimension_value}) and {@code default}. */
    // one-word names and "default": no naming strategy, which would override @JsonProperty (micronaut-serialization#883)
    @Serdeable
    record FilterRequest(@Nullable String name, @Nullable String type, @JsonProperty("default") @Nullable Object defaultValue) {
    }

    /**
     * A widget: {@code id}, {@code title}, {@code type}, an inline {@code query} or a {@code saved_query} (its id) with
     * {@code params}, a {@code target} (cards and gauges), its {@code position} {x, y, w, h} on the 12-column grid, and
     * {@code forecast} (lines: the forecast of each series after its finished buckets, with anomalies).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record WidgetRequest(@Nullable String id, @Nullable String title, @Nullable String type, @Nullable Map<String, Object> query,
                         @Nullable String savedQuery, @Nullable Map<String, Object> params, @Nullable BigDecimal target,
                         @Nullable @Schema(type = "object") PositionRequest position, @Nullable Boolean forecast) {
    }

    @Serdeable
    record PositionRequest(@Nullable Integer x, @Nullable Integer y, @Nullable Integer w, @Nullable Integer h) {
    }

    Dashboard.Definition toDefinition() {
        if (name == null) {
            throw new InvalidValueException("name", "is required");
        }
        List<DashboardFilter> declared = new ArrayList<>();
        List<FilterRequest> givenFilters = filters == null ? List.of() : filters;
        for (int i = 0; i < givenFilters.size(); i++) {
            FilterRequest filter = givenFilters.get(i);
            String field = "filters[" + i + "]";
            if (filter == null || filter.type() == null) {
                throw new InvalidValueException(field + ".type", "is required: customer, period or dimension_value");
            }
            try {
                declared.add(new DashboardFilter(filter.name() == null ? "" : filter.name(), ParamType.fromWireName(filter.type(), "type"),
                        Optional.ofNullable(filter.defaultValue())));
            } catch (InvalidValueException e) {
                throw e.forField(field + "." + e.field());
            }
        }
        List<Widget> tiles = new ArrayList<>();
        List<WidgetRequest> givenWidgets = widgets == null ? List.of() : widgets;
        for (int i = 0; i < givenWidgets.size(); i++) {
            tiles.add(widget(givenWidgets.get(i), "widgets[" + i + "]"));
        }
        return new Dashboard.Definition(name, Optional.ofNullable(description),
                visibility == null ? Visibility.PRIVATE : Visibility.fromWireName(visibility, "visibility"), declared,
                Optional.ofNullable(refreshSeconds), tiles);
    }

    private static Widget widget(WidgetRequest widget, String field) {
        if (widget == null) {
            throw new InvalidValueException(field, "must be an object");
        }
        if (widget.type() == null) {
            throw new InvalidValueException(field + ".type", "is required: metric_card, line, bar, pie, gauge or table");
        }
        if ((widget.query() == null) == (widget.savedQuery() == null)) {
            throw new InvalidValueException(field + ".query", "give a query, or a saved_query with its params");
        }
        if (widget.query() != null && widget.params() != null) {
            throw new InvalidValueException(field + ".params", "are a saved query's; a widget's own query has none");
        }
        if (widget.position() == null) {
            throw new InvalidValueException(field + ".position", "is required: {x, y, w, h} on the 12-column grid");
        }
        try {
            WidgetSource source = widget.query() != null ? new WidgetSource.Inline(QueryTemplate.of(widget.query(), "query"))
                    : new WidgetSource.Saved(uuid(widget.savedQuery()), QueryTemplate.of(widget.params() == null ? Map.of() : widget.params(),
                    "params"));
            PositionRequest at = widget.position();
            Position position;
            try {
                position = new Position(coordinate(at.x(), "x"), coordinate(at.y(), "y"), coordinate(at.w(), "w"), coordinate(at.h(), "h"));
            } catch (InvalidValueException e) {
                throw e.forField("position." + e.field());
            }
            return new Widget(widget.id(), widget.title(), WidgetType.fromWireName(widget.type(), "type"), source,
                    Optional.ofNullable(widget.target()), position, Boolean.TRUE.equals(widget.forecast()));
        } catch (InvalidValueException e) {
            throw e.forField(field + "." + e.field());
        }
    }

    private static int coordinate(Integer value, String name) {
        if (value == null) {
            throw new InvalidValueException(name, "is required");
        }
        return value;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("saved_query", "'" + id + "' is not a saved query's id");
        }
    }
}
