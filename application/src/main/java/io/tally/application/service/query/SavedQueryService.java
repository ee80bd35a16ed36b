package io.tally.application.service.query;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.query.ChangeSavedQueryCommand;
import io.tally.application.port.in.query.ChangeSavedQueryUseCase;
import io.tally.application.port.in.query.DeleteSavedQueryUseCase;
import io.tally.application.port.in.query.GetSavedQueryUseCase;
import io.tally.application.port.in.query.ListSavedQueriesQuery;
import io.tally.application.port.in.query.ListSavedQueriesUseCase;
import io.tally.application.port.in.query.ListSavedQueryVersionsQuery;
import io.tally.application.port.in.query.ListSavedQueryVersionsUseCase;
import io.tally.application.port.in.query.RunSavedQueryCommand;
import io.tally.application.port.in.query.RunSavedQueryUseCase;
import io.tally.application.port.in.query.SaveQueryCommand;
import io.tally.application.port.in.query.SaveQueryUseCase;
import io.tally.application.port.in.query.SavedQueryAnswer;
import io.tally.application.port.in.query.SavedQueryIdCommand;
import io.tally.application.port.in.query.SavedQueryIdQuery;
import io.tally.application.port.in.query.SavedQueryView;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.MeterStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.domain.access.Actor;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Saved queries: named analytics queries with parameters, private or shared with the tenant, versioned, and run
 * through the same use case as {@code POST /api/v1/analytics/query}, so a saved query answers exactly what the
 * query itself would. A query is checked when it is saved (with each parameter's default, else a sample value),
 * and again, with the real values, when it runs. Every run that answers is counted with its duration.
 *
 * <p>Access: another user's private query does not exist for the caller (404). A customer-scoped token may run a
 * shared query only for its own customers: for another customer, or for the whole tenant, the query is not found.
 */
public final class SavedQueryService implements SaveQueryUseCase, ChangeSavedQueryUseCase, DeleteSavedQueryUseCase, GetSavedQueryUseCase,
        ListSavedQueriesUseCase, ListSavedQueryVersionsUseCase, RunSavedQueryUseCase {

    static final String QUERY_SAVED = "query.saved";
    static final String QUERY_CHANGED = "query.changed";
    static final String QUERY_DELETED = "query.deleted";

    private final SavedQueryStorePort store;
    private final QueryAnalyticsUseCase analytics;
    private final QueryChecks checks;
    private final Consumer<TenantId> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Supplier<UUID> ids;
    private final Clock clock;

    /**
     * @param tenants makes sure the caller's tenant exists (it is created on first use)
     */
    public SavedQueryService(SavedQueryStorePort store, QueryAnalyticsUseCase analytics, MetricStorePort metrics, MeterStorePort meters,
                             Consumer<TenantId> tenants, AuditLogPort audit, TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.checks = new QueryChecks(metrics, meters);
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SavedQueryView saveQuery(SaveQueryCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        check(actor.tenant(), command.definition());
        SavedQuery query = SavedQuery.create(ids.get(), actor, command.definition(), clock.instant());
        transactions.inTransaction(() -> {
            store.create(actor.tenant(), query, new SavedQueryVersion(1, query.definition(), actor.subject(), query.createdAt()));
            audit.append(AuditEntry.of(actor, query.createdAt(), QUERY_SAVED, target(query.id()), describe(query)));
            return null;
        });
        return new SavedQueryView(query, RunStats.NONE);
    }

    @Override
    public SavedQueryView changeSavedQuery(ChangeSavedQueryCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        check(actor.tenant(), command.definition());
        SavedQuery changed = transactions.inTransaction(() -> {
            SavedQuery before = visible(actor, store.findForUpdate(actor.tenant(), command.id()).orElse(null), command.id());
            SavedQuery after = before.revised(actor, command.definition(), clock.instant());
            store.update(actor.tenant(), after, new SavedQueryVersion(after.version(), after.definition(), actor.subject(), after.updatedAt()));
            Map<String, Object> details = describe(after);
            details.put("previous_version", before.version());
            audit.append(AuditEntry.of(actor, after.updatedAt(), QUERY_CHANGED, target(after.id()), details));
            return after;
        });
        return new SavedQueryView(changed, store.stats(actor.tenant(), List.of(changed.id())).getOrDefault(changed.id(), RunStats.NONE));
    }

    @Override
    public void deleteSavedQuery(SavedQueryIdCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        transactions.inTransaction(() -> {
            SavedQuery query = visible(actor, store.findForUpdate(actor.tenant(), command.id()).orElse(null), command.id());
            if (!query.changeableBy(actor)) {
                throw new ForbiddenException("only its owner, or a manager when it is shared, may delete a saved query");
            }
            store.delete(actor.tenant(), query.id());
            audit.append(AuditEntry.of(actor, clock.instant(), QUERY_DELETED, target(query.id()), describe(query)));
            return null;
        });
    }

    @Override
    public SavedQueryView getSavedQuery(SavedQueryIdQuery query) {
        tenants.accept(query.actor().tenant());
        SavedQuery found = visible(query.actor(), store.find(query.actor().tenant(), query.id()).orElse(null), query.id());
        return new SavedQueryView(found, store.stats(query.actor().tenant(), List.of(found.id())).getOrDefault(found.id(), RunStats.NONE));
    }

    @Override
    public Page<SavedQueryView> listSavedQueries(ListSavedQueriesQuery query) {
        Actor actor = query.actor();
        tenants.accept(actor.tenant());
        Page<SavedQuery> page = Page.fromLookahead(store.list(actor.tenant(), actor.subject(), query.visibility(), query.after(),
                query.limit() + 1), query.limit());
        Map<UUID, RunStats> stats = store.stats(actor.tenant(), page.items().stream().map(SavedQuery::id).toList());
        return new Page<>(page.items().stream().map(item -> new SavedQueryView(item, stats.getOrDefault(item.id(), RunStats.NONE))).toList(),
                page.hasMore());
    }

    @Override
    public Page<SavedQueryVersion> listSavedQueryVersions(ListSavedQueryVersionsQuery query) {
        Actor actor = query.actor();
        tenants.accept(actor.tenant());
        visible(actor, store.find(actor.tenant(), query.id()).orElse(null), query.id());
        return Page.fromLookahead(store.versions(actor.tenant(), query.id(), query.before(), query.limit() + 1), query.limit());
    }

    @Override
    public SavedQueryAnswer runSavedQuery(RunSavedQueryCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        SavedQuery query = visible(actor, store.find(actor.tenant(), command.id()).orElse(null), command.id());
        QueryDefinition definition = QueryDefinition.read(query.bind(query.values(command.params())), "query.");
        if (actor.customers().isRestricted()) {
            // a customer-scoped token runs shared queries for its own customers only; anything else does not exist for it
            if (definition.customer().isEmpty()) {
                throw new NotFoundException("query", query.id().toString());
            }
            actor.requireVisible(definition.customer().get());
        }
        Instant started = clock.instant();
        AnalyticsResult result = analytics.queryAnalytics(definition.askedBy(actor));
        Instant finished = clock.instant();
        transactions.inTransaction(() -> {
            store.recordRun(actor.tenant(), query.id(), finished, Duration.between(started, finished).toMillis());
            return null;
        });
        return new SavedQueryAnswer(result, definition);
    }

    /** The query, when it exists and the actor sees it; "not found" otherwise, so another user's private query stays hidden. */
    private static SavedQuery visible(Actor actor, SavedQuery query, UUID id) {
        if (query == null || !query.visibleTo(actor)) {
            throw new NotFoundException("query", id.toString());
        }
        return query;
    }

    /**
     * A definition is saved only when, with each parameter's default (else a sample value), it is a query Tally
     * answers: its fields valid and its meter or metrics existing.
     */
    private void check(TenantId tenant, SavedQuery.Definition definition) {
        checks.check(tenant, definition.sample(), "query.");
    }

    private static String target(UUID id) {
        return "query:" + id;
    }

    private static Map<String, Object> describe(SavedQuery query) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", query.definition().name());
        details.put("visibility", query.definition().visibility().wireName());
        details.put("version", query.version());
        details.put("owner", query.owner());
        return details;
    }
}
