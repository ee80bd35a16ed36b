package io.tally.application.service.dashboard;

import io.tally.application.port.in.analytics.AnalyticsQuery;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.dashboard.DashboardData;
import io.tally.application.port.in.dashboard.DashboardDataQuery;
import io.tally.application.port.in.dashboard.GetDashboardDataUseCase;
import io.tally.domain.dashboard.WidgetAnswer;
import io.tally.application.port.out.DashboardStorePort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.port.out.ReadReplicaPort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.DomainException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardFilter;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetSource;
import io.tally.domain.dashboard.WidgetType;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.metric.MetricKey;
import io.tally.application.port.in.target.AssessTargetsUseCase;
import io.tally.application.service.insight.ChartForecasts;
import java.util.Optional;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A dashboard's data in one call: every widget answered concurrently on the given executor, each through
 * {@link QueryAnalyticsUseCase} as {@code POST /api/v1/analytics/query} would answer it, and shaped for its type.
 *
 * <p>Answers are cached per node ({@link WidgetCache}) under the tenant, the widget's query with the filters filled in
 * and the period it covers now, with the tenant's data watermark ({@link DataWatermarkPort}, in the database): the
 * watermark is read once per call, before any widget is computed, so an answer is never served once the data it was
 * computed from has changed. A widget that does not use a filter has the same query whatever the filter's value, so
 * changing one filter recomputes only the widgets that use it. Who may see a widget's figures is checked on every
 * call, cached or not.
 *
 * <p>A widget that cannot answer (a deleted metric, a saved query its viewer may not see, a wrong filter value)
 * carries its problem; the others still answer. A customer-scoped token sees a dashboard only with a customer filter
 * bound to one of its own customers.
 */
public final class DashboardDataService implements GetDashboardDataUseCase {

    /** How long one widget may take before it answers with a problem instead. */
    static final Duration WIDGET_TIMEOUT = Duration.ofSeconds(30);

    private final DashboardStorePort dashboards;
    private final SavedQueryStorePort savedQueries;
    private final QueryAnalyticsUseCase analytics;
    private final DataWatermarkPort watermarks;
    private final Consumer<TenantId> tenants;
    private final WidgetCache cache;
    private final Executor executor;
    private final AssessTargetsUseCase targets;
    private final ReadReplicaPort replica;
    private final Clock clock;

    /**
     * @param tenants makes sure the caller's tenant exists (it is created on first use)
     * @param cacheCells how many cells (values of buckets and groups) the answers this node keeps may hold together
     * @param maxAge how long a kept answer may be served while the data has not changed
     */
    public DashboardDataService(DashboardStorePort dashboards, SavedQueryStorePort savedQueries, QueryAnalyticsUseCase analytics,
                                DataWatermarkPort watermarks, Consumer<TenantId> tenants, long cacheCells, Duration maxAge, Executor executor,
                                AssessTargetsUseCase targets, Clock clock) {
        this(dashboards, savedQueries, analytics, watermarks, tenants, cacheCells, maxAge, executor, targets, ReadReplicaPort.PRIMARY_ONLY, clock);
    }

    /**
     * As above, with the watermark read where {@code replica} says: on a read replica, when the widgets' answers may
     * come from it too.
     */
    public DashboardDataService(DashboardStorePort dashboards, SavedQueryStorePort savedQueries, QueryAnalyticsUseCase analytics,
                                DataWatermarkPort watermarks, Consumer<TenantId> tenants, long cacheCells, Duration maxAge, Executor executor,
                                AssessTargetsUseCase targets, ReadReplicaPort replica, Clock clock) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.dashboards = Objects.requireNonNull(dashboards, "dashboards");
        this.savedQueries = Objects.requireNonNull(savedQueries, "savedQueries");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.cache = new WidgetCache(cacheCells, maxAge);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DashboardData getDashboardData(DashboardDataQuery query) {
        Actor actor = query.actor();
        tenants.accept(actor.tenant());
        Dashboard dashboard = DashboardService.visible(actor, dashboards.find(actor.tenant(), query.id()).orElse(null), query.id());
        Map<String, Object> values = filterValues(dashboard.definition(), query.filters());
        if (actor.customers().isRestricted() && !boundToOwnCustomer(actor, dashboard.definition(), values)) {
            throw new NotFoundException("dashboard", dashboard.id().toString());
        }
        // read where the answers may be read: on the replica, the watermark is no newer than the data answers computed
        // after it hold, so an answer is never kept under a watermark newer than its data
        ReadReplicaPort.Replicated<DataWatermarkPort.Watermark> mark = replica.read(() -> watermarks.current(actor.tenant()));
        Mark watermark = new Mark(mark.value().sequence(), mark.asOf());
        Map<WidgetCache.Key, CompletableFuture<Computed>> asked = new ConcurrentHashMap<>();
        List<CompletableFuture<WidgetAnswer>> pending = new ArrayList<>();
        for (Widget widget : dashboard.definition().widgets()) {
            pending.add(CompletableFuture.supplyAsync(() -> answer(actor, widget, values, watermark, asked), executor)
                    .orTimeout(WIDGET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        List<WidgetAnswer> answers = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Widget widget = dashboard.definition().widgets().get(i);
            try {
                answers.add(pending.get(i).join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                    answers.add(new WidgetAnswer.Failed(widget, new UnprocessableException("the widget took longer than "
                            + WIDGET_TIMEOUT.toSeconds() + " s to answer")));
                } else if (e.getCause() instanceof RuntimeException unexpected) {
                    throw unexpected;
                } else {
                    throw e;
                }
            }
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        dashboard.definition().filters().forEach(filter -> shown.put(filter.name(), values.get(filter.placeholder())));
        return new DashboardData(dashboard, shown, answers);
    }

    /** A question's answer, the instant it was computed at, and whether it came from the cache. */
    private record Computed(AnalyticsResult result, Instant computedAt, boolean cached) {
    }

    /**
     * One widget's answer, from the cache while the data has not changed; its problem when it cannot answer. Widgets of
     * one call asking the same question share one answer ({@code asked}): the first computes it (or takes it from the
     * cache), the others wait for it, so that the question is asked once and they all say the same.
     */
    private WidgetAnswer answer(Actor actor, Widget widget, Map<String, Object> values, Mark watermark,
                                Map<WidgetCache.Key, CompletableFuture<Computed>> asked) {
        try {
            QueryDefinition definition = definitionOf(actor, widget, values);
            if (widget.type().compares() && !definition.compare()) {
                definition = definition.withCompare(true);
            }
            if (widget.type() == WidgetType.TABLE && definition.metrics().size() > 1 && definition.orderBy().isEmpty()) {
                // a row per group of the first metric, the same groups for every column
                definition = definition.withOrderBy(definition.metrics().getFirst());
            }
            AnalyticsQuery query = definition.askedBy(actor);
            WidgetCache.Key key = new WidgetCache.Key(actor.tenant(), definition, analytics.periodOf(query));
            CompletableFuture<Computed> mine = new CompletableFuture<>();
            CompletableFuture<Computed> shared = asked.putIfAbsent(key, mine);
            Computed computed;
            if (shared != null) {
                try {
                    computed = shared.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            } else {
                try {
                    computed = compute(key, query, watermark);
                    mine.complete(computed);
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
            WidgetValue value = WidgetShapes.shape(widget, computed.result(), definition.bucket());
            if (widget.forecast() && value instanceof WidgetValue.Chart chart) {
                value = chart.withForecasts(ChartForecasts.of(chart, clock.instant(), computed.result().period().zone().zone()));
            }
            if (value instanceof WidgetValue.Single single && MetricKey.isValid(single.metric())) {
                // where the metric's targets stand is read on every call: it moves with the clock, not only with the data
                value = single.withTargets(targets.assessTargets(actor, MetricKey.of(single.metric()), definition.customer(),
                        Optional.ofNullable(single.key().get("currency")).filter(CurrencyCode::isValid).map(CurrencyCode::of)));
            }
            return new WidgetAnswer.Answered(widget, value, computed.result().period(), computed.computedAt(), computed.cached());
        } catch (DomainException problem) {
            return new WidgetAnswer.Failed(widget, problem);
        }
    }

    /**
     * The tenant's data version when the call began, and where it was read: empty on the primary, else the instant the
     * replica it was read on is current to.
     */
    private record Mark(long sequence, Optional<Instant> asOf) {

        /**
         * Whether an answer current to {@code answeredAsOf} (empty: read on the primary after this mark) holds every
         * change this mark counts, so that it may be kept under it. One read on a replica after a mark read on the
         * primary may not: it is served, not kept.
         */
        boolean covers(Optional<Instant> answeredAsOf) {
            return answeredAsOf.isEmpty() || asOf.isPresent() && !answeredAsOf.get().isBefore(asOf.get());
        }
    }

    /** The answer; its instant is the one its figures are current to: when computed, or the replica's. */
    private Computed compute(WidgetCache.Key key, AnalyticsQuery query, Mark watermark) {
        Instant now = clock.instant();
        var kept = cache.get(key, watermark.sequence(), now);
        if (kept.isPresent()) {
            return new Computed(kept.get().result(), kept.get().computedAt(), true);
        }
        AnalyticsResult result = analytics.queryAnalytics(query);
        Instant asOf = result.asOf().orElse(now);
        if (watermark.covers(result.asOf())) {
            cache.put(key, new WidgetCache.Entry(watermark.sequence(), result, asOf));
        }
        return new Computed(result, asOf, false);
    }

    /** The widget's query with the filters filled in: its own, or its saved query with the parameters it gives. */
    private QueryDefinition definitionOf(Actor actor, Widget widget, Map<String, Object> values) {
        return switch (widget.source()) {
            case WidgetSource.Inline inline -> QueryDefinition.read(inline.query().bind(values::get), "query.");
            case WidgetSource.Saved saved -> {
                SavedQuery query = savedQueries.find(actor.tenant(), saved.query()).filter(found -> found.visibleTo(actor))
                        .orElseThrow(() -> new NotFoundException("query", saved.query().toString()));
                yield QueryDefinition.read(query.bind(query.values(saved.params().bind(values::get))), "query.");
            }
        };
    }

    /**
     * Each filter's value by placeholder ({@code filters.customer}): the one given, checked, else its default, else none
     * (a widget's field that is only that filter is then left out: no customer means the whole tenant).
     */
    static Map<String, Object> filterValues(Dashboard.Definition definition, Map<String, String> given) {
        Map<String, DashboardFilter> byName = new LinkedHashMap<>();
        definition.filters().forEach(filter -> byName.put(filter.name(), filter));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InvalidValueException("filters." + name, "is not a filter of this dashboard; it has "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (DashboardFilter filter : definition.filters()) {
            String value = given.get(filter.name());
            values.put(filter.placeholder(), value != null && !value.isEmpty() ? filter.check(value, "filters." + filter.name())
                    : filter.defaultValue().orElse(null));
        }
        return values;
    }

    private static boolean boundToOwnCustomer(Actor actor, Dashboard.Definition definition, Map<String, Object> values) {
        return definition.filters().stream().filter(filter -> filter.type() == ParamType.CUSTOMER)
                .map(filter -> values.get(filter.placeholder()))
                .anyMatch(value -> value instanceof String id && CustomerId.problemWith(id) == null && actor.canSee(CustomerId.of(id)));
    }
}
