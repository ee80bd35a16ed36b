package io.tally.adapter.in.web.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.application.port.in.query.SavedQueryView;
import io.tally.domain.query.QueryParam;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the saved-query endpoints. */
final class SavedQueryResponses {

    private SavedQueryResponses() {
    }

    // one-word names and "default": no naming strategy, which would override @JsonProperty (micronaut-serialization#883)
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ParamResponse(String name, String type, @JsonProperty("default") @Nullable Object defaultValue, boolean required,
                         List<Object> allowed) {

        static List<ParamResponse> of(List<QueryParam> params) {
            return params.stream().map(param -> new ParamResponse(param.name(), param.type().wireName(), param.defaultValue().orElse(null),
                    param.required(), param.allowed())).toList();
        }
    }

    /** The median and 95th percentile duration of the latest 100 runs, in milliseconds; null before the first run. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DurationResponse(@Nullable Long p50, @Nullable Long p95) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SavedQueryResponse(String id, String name, @Nullable String description, Map<String, Object> query, List<ParamResponse> params,
                              String visibility, String owner, int version, Instant createdAt, Instant updatedAt, long runCount,
                              @Nullable Instant lastRunAt, DurationResponse durationMs) {

        static SavedQueryResponse of(SavedQueryView view) {
            SavedQuery query = view.query();
            SavedQuery.Definition definition = query.definition();
            RunStats stats = view.stats();
            return new SavedQueryResponse(query.id().toString(), definition.name(), definition.description().orElse(null),
                    definition.query().json(), ParamResponse.of(definition.params()), definition.visibility().wireName(), query.owner(),
                    query.version(), query.createdAt(), query.updatedAt(), stats.runCount(), stats.lastRunAt().orElse(null),
                    new DurationResponse(stats.p50Millis().orElse(null), stats.p95Millis().orElse(null)));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SavedQueryPage(List<SavedQueryResponse> items, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VersionResponse(int version, String name, @Nullable String description, Map<String, Object> query, List<ParamResponse> params,
                           String visibility, String savedBy, Instant savedAt) {

        static VersionResponse of(SavedQueryVersion version) {
            SavedQuery.Definition definition = version.definition();
            return new VersionResponse(version.version(), definition.name(), definition.description().orElse(null), definition.query().json(),
                    ParamResponse.of(definition.params()), definition.visibility().wireName(), version.savedBy(), version.savedAt());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VersionPage(List<VersionResponse> items, @Nullable String nextCursor) {
    }

    /** The values of a run's parameters, by name. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RunRequest(@Nullable Map<String, Object> params) {
    }
}
