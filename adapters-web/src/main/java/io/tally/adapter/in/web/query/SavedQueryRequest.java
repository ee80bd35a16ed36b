package io.tally.adapter.in.web.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A saved query's definition: {@code name}, {@code description}, {@code query} (an analytics query as
 * {@code POST /api/v1/analytics/query} takes it, whose strings may hold {@code {{param}}} placeholders),
 * {@code params} and {@code visibility} ({@code private}, the default, or {@code tenant}).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record SavedQueryRequest(@Nullable String name, @Nullable String description, @Nullable Map<String, Object> query,
                         @Nullable List<ParamRequest> params, @Nullable String visibility) {

    /**
     * A parameter: {@code name}, {@code type} ({@code customer}, {@code period}, {@code dimension_value},
     * {@code number}), {@code default}, {@code required} (default false) and {@code allowed} values.
     */
    // one-word names and "default": no naming strategy, which would override @JsonProperty (micronaut-serialization#883)
    @Serdeable
    record ParamRequest(@Nullable String name, @Nullable String type, @JsonProperty("default") @Nullable Object defaultValue,
                        @Nullable Boolean required, @Nullable List<Object> allowed) {
    }

    SavedQuery.Definition toDefinition() {
        if (name == null) {
            throw new InvalidValueException("name", "is required");
        }
        if (query == null) {
            throw new InvalidValueException("query", "is required: the analytics query, as POST /api/v1/analytics/query takes it");
        }
        List<QueryParam> declared = new ArrayList<>();
        List<ParamRequest> given = params == null ? List.of() : params;
        for (int i = 0; i < given.size(); i++) {
            ParamRequest param = given.get(i);
            String field = "params[" + i + "]";
            if (param == null) {
                throw new InvalidValueException(field, "must be an object");
            }
            if (param.type() == null) {
                throw new InvalidValueException(field + ".type", "is required: customer, period, dimension_value or number");
            }
            try {
                declared.add(new QueryParam(param.name() == null ? "" : param.name(), ParamType.fromWireName(param.type(), "type"),
                        Optional.ofNullable(param.defaultValue()), Boolean.TRUE.equals(param.required()),
                        param.allowed() == null ? List.of() : param.allowed()));
            } catch (InvalidValueException e) {
                throw e.forField(field + "." + e.field());
            }
        }
        return new SavedQuery.Definition(name, Optional.ofNullable(description), QueryTemplate.of(query, "query"), declared,
                visibility == null ? Visibility.PRIVATE : Visibility.fromWireName(visibility, "visibility"));
    }
}
