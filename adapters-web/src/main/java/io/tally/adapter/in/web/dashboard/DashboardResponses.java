package io.tally.adapter.in.web.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.serde.annotation.Serdeable;
import io.tally.adapter.in.web.target.TargetJson;
import io.tally.domain.target.TargetStatus;
import java.util.Comparator;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.problem.Problem;
import io.tally.adapter.in.http.problem.Problems;
import io.tally.application.port.in.dashboard.DashboardData;
import io.tally.domain.dashboard.WidgetAnswer;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.analytics.Period;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardFilter;
import io.tally.domain.dashboard.DashboardVersion;
import io.tally.domain.dashboard.Position;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the dashboard endpoints. */
final class DashboardResponses {

    private DashboardResponses() {
    }

    // one-word names and "default": no naming strategy, which would override @JsonProperty (micronaut-serialization#883)
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FilterResponse(String name, String type, @JsonProperty("default") @Nullable Object defaultValue) {

        static List<FilterResponse> of(List<DashboardFilter> filters) {
            return filters.stream().map(filter -> new FilterResponse(filter.name(), filter.type().wireName(), filter.defaultValue().orElse(null)))
                    .toList();
        }
    }

    @Serdeable
    record PositionResponse(int x, int y, int w, int h) {

        static PositionResponse of(Position position) {
            return new PositionResponse(position.x(), position.y(), position.w(), position.h());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WidgetResponse(String id, String title, String type, @Nullable Map<String, Object> query, @Nullable String savedQuery,
                          @Nullable Map<String, Object> params, @Nullable BigDecimal target, PositionResponse position,
                          @Nullable Boolean forecast) {

        static WidgetResponse of(Widget widget) {
            Map<String, Object> query = widget.source() instanceof WidgetSource.Inline inline ? inline.query().json() : null;
            WidgetSource.Saved saved = widget.source() instanceof WidgetSource.Saved s ? s : null;
            return new WidgetResponse(widget.id(), widget.title(), widget.type().wireName(), query, saved == null ? null : saved.query().toString(),
                    saved == null ? null : saved.params().json(), widget.target().orElse(null), PositionResponse.of(widget.position()),
                    widget.forecast() ? Boolean.TRUE : null);
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DashboardResponse(String id, String name, @Nullable String description, String visibility, String owner, @Nullable String defaultKey,
                             int version, Instant createdAt, Instant updatedAt, @Nullable Integer refreshSeconds, List<FilterResponse> filters,
                             List<WidgetResponse> widgets) {

        static DashboardResponse of(Dashboard dashboard) {
            Dashboard.Definition definition = dashboard.definition();
            return new DashboardResponse(dashboard.id().toString(), definition.name(), definition.description().orElse(null),
                    definition.visibility().wireName(), dashboard.owner(), dashboard.defaultKey().orElse(null), dashboard.version(),
                    dashboard.createdAt(), dashboard.updatedAt(), definition.refreshSeconds().orElse(null), FilterResponse.of(definition.filters()),
                    definition.widgets().stream().map(WidgetResponse::of).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DashboardPage(List<DashboardResponse> items, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VersionResponse(int version, String savedBy, Instant savedAt, String name, @Nullable String description, String visibility,
                           List<FilterResponse> filters, List<WidgetResponse> widgets) {

        static VersionResponse of(DashboardVersion version) {
            Dashboard.Definition definition = version.definition();
            return new VersionResponse(version.version(), version.savedBy(), version.savedAt(), definition.name(),
                    definition.description().orElse(null), definition.visibility().wireName(), FilterResponse.of(definition.filters()),
                    definition.widgets().stream().map(WidgetResponse::of).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VersionPage(List<VersionResponse> items, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BucketResponse(Instant start, Instant end, String label) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SeriesResponse(String metric, String name, String unit, String polarity, @Nullable Integer decimals, Map<String, String> key,
                          List<BigDecimal> values) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SliceResponse(Map<String, String> key, String label, @Nullable BigDecimal value) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ColumnResponse(String name, String title, @Nullable String unit, @Nullable String polarity, @Nullable Integer decimals) {
    }

    /** The period a widget's figures cover: its first and last local day, and the timezone its days are cut in. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PeriodResponse(LocalDate from, LocalDate to, String timezone) {

        static PeriodResponse of(Period period) {
            return new PeriodResponse(period.from(), period.to(), period.zone().value());
        }
    }

    /**
     * A card's or gauge's answer: the first metric over the period, the period before, the growth, the widget's target,
     * and the metric's targets (for the same customer and currency) with where they stand, the least favourable status
     * as {@code target_status}.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SingleData(String id, String title, String type, PeriodResponse period, Instant asOf, boolean cached, String metric, String name, String unit,
                      String polarity, @Nullable Integer decimals, Map<String, String> key, @Nullable BigDecimal value,
                      @Nullable BigDecimal previous, @Nullable BigDecimal growthPct, @Nullable BigDecimal target, @Nullable BigDecimal targetPct,
                      List<Map<String, Object>> targets, @Nullable String targetStatus) {
    }

    /** A line's or bar chart's answer: the buckets, and a series per metric and group with a value per bucket. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChartData(String id, String title, String type, PeriodResponse period, Instant asOf, boolean cached, String bucket,
                     List<BucketResponse> buckets,
                     List<SeriesResponse> series, @Nullable List<Map<String, Object>> forecasts) {
    }

    /** A pie's answer: the first metric's groups over the period. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PieData(String id, String title, String type, PeriodResponse period, Instant asOf, boolean cached, String metric, String name, String unit,
                   List<SliceResponse> slices) {
    }

    /** A table's answer: a column per dimension and metric, a row per group. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TableData(String id, String title, String type, PeriodResponse period, Instant asOf, boolean cached, List<ColumnResponse> columns, List<List<Object>> rows) {
    }

    /** A widget that could not answer, with its problem (the other widgets still answer). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FailedData(String id, String title, String type, Problem problem) {
    }

    /** One widget's answer, in the shape of its type. */
    static Object widgetData(HttpRequest<?> request, WidgetAnswer answer) {
        Widget widget = answer.widget();
        String type = widget.type().wireName();
        if (answer instanceof WidgetAnswer.Failed failed) {
            return new FailedData(widget.id(), widget.title(), type, Problems.of(request, failed.problem()));
        }
        WidgetAnswer.Answered answered = (WidgetAnswer.Answered) answer;
        PeriodResponse period = PeriodResponse.of(answered.period());
        return switch (answered.value()) {
            case WidgetValue.Single single -> new SingleData(widget.id(), widget.title(), type, period, answered.asOf(), answered.cached(), single.metric(),
                    single.name(), single.unit().wireName(), single.polarity().wireName(), single.decimals().orElse(null), single.key(),
                    single.value(), single.previous(), single.growthPct(), single.target().orElse(null), single.targetPct().orElse(null),
                    single.targets().stream().map(TargetJson::assessment).toList(), single.targets().stream().flatMap(one -> one.status().stream())
                            .max(Comparator.naturalOrder()).map(TargetStatus::wireName).orElse(null));
            case WidgetValue.Chart chart -> new ChartData(widget.id(), widget.title(), type, period, answered.asOf(), answered.cached(),
                    chart.size().wireName(),
                    chart.buckets().stream().map(bucket -> new BucketResponse(bucket.start(), bucket.end(), bucket.label())).toList(),
                    chart.series().stream().map(s -> new SeriesResponse(s.metric(), s.name(), s.unit().wireName(), s.polarity().wireName(), s.decimals().orElse(null), s.key(),
                            s.values())).toList(), widget.forecast() ? forecasts(chart) : null);
            case WidgetValue.Pie pie -> new PieData(widget.id(), widget.title(), type, period, answered.asOf(), answered.cached(), pie.metric(), pie.name(),
                    pie.unit().wireName(), pie.slices().stream().map(slice -> new SliceResponse(slice.key(), slice.label(), slice.value())).toList());
            case WidgetValue.Table table -> new TableData(widget.id(), widget.title(), type, period, answered.asOf(), answered.cached(),
                    table.columns().stream().map(column -> new ColumnResponse(column.name(), column.title(),
                            column.unit().map(unit -> unit.wireName()).orElse(null), column.polarity().map(p -> p.wireName()).orElse(null),
                            column.decimals().orElse(null))).toList(),
                    table.rows());
        };
    }

    /**
     * A line's forecasts, one per series (the first 3): the method, the trend's direction, the backtest's MAPE, the
     * forecast buckets with their 80 % and 95 % intervals, the anomalies among the finished buckets, or a note saying why
     * there is none.
     */
    static List<Map<String, Object>> forecasts(WidgetValue.Chart chart) {
        List<Map<String, Object>> forecasts = new ArrayList<>();
        for (WidgetValue.SeriesForecast forecast : chart.forecasts()) {
            WidgetValue.ChartSeries series = chart.series().get(forecast.series());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("metric", series.metric());
            json.put("key", series.key());
            json.put("method", forecast.method());
            json.put("trend", forecast.trend());
            json.put("mape", forecast.mape().map(DashboardResponses::round).orElse(null));
            json.put("points", forecast.points().stream().map(point -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("start", point.start().toString());
                p.put("value", round(point.value()));
                p.put("interval_80", List.of(round(point.low80()), round(point.high80())));
                p.put("interval_95", List.of(round(point.low95()), round(point.high95())));
                return p;
            }).toList());
            json.put("anomalies", forecast.anomalies().stream().map(anomaly -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("start", chart.buckets().get(anomaly.bucket()).start().toString());
                a.put("value", round(anomaly.value()));
                a.put("expected", round(anomaly.expected()));
                a.put("score", round(anomaly.score()));
                return a;
            }).toList());
            json.put("note", forecast.note().orElse(null));
            forecasts.add(json);
        }
        return forecasts;
    }

    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DashboardDataResponse(String dashboard, String name, Map<String, Object> filters, @Nullable Integer refreshSeconds,
                                 List<Object> widgets) {

        static DashboardDataResponse of(HttpRequest<?> request, DashboardData data) {
            return new DashboardDataResponse(data.dashboard().id().toString(), data.dashboard().definition().name(), data.filters(),
                    data.dashboard().definition().refreshSeconds().orElse(null),
                    data.widgets().stream().map(answer -> widgetData(request, answer)).toList());
        }
    }
}
