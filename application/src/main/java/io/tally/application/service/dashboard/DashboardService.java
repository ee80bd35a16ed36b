package io.tally.application.service.dashboard;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.dashboard.ChangeDashboardCommand;
import io.tally.application.port.in.dashboard.ChangeDashboardUseCase;
import io.tally.application.port.in.dashboard.CopyDashboardUseCase;
import io.tally.application.port.in.dashboard.CreateDashboardUseCase;
import io.tally.application.port.in.dashboard.DashboardCommand;
import io.tally.application.port.in.dashboard.DashboardIdCommand;
import io.tally.application.port.in.dashboard.DashboardIdQuery;
import io.tally.application.port.in.dashboard.DeleteDashboardUseCase;
import io.tally.application.port.in.dashboard.GetDashboardUseCase;
import io.tally.application.port.in.dashboard.ListDashboardVersionsQuery;
import io.tally.application.port.in.dashboard.ListDashboardVersionsUseCase;
import io.tally.application.port.in.dashboard.ListDashboardsQuery;
import io.tally.application.port.in.dashboard.ListDashboardsUseCase;
import io.tally.application.port.in.dashboard.RestoreDashboardUseCase;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.DashboardStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.service.query.QueryChecks;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.DashboardVersion;
import io.tally.domain.dashboard.DefaultDashboards;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetSource;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.Sharing;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Dashboards: made by analysts, private or shared with the tenant as saved queries are, versioned, copied, and the
 * tenant's three defaults ({@link DefaultDashboards}) made the first time its dashboards are listed and restorable.
 * Every widget's query is checked when a dashboard is saved, with the filters' defaults (else sample values): its
 * fields, its metrics or meter, and for a saved query that the saver sees it and that the parameters fit.
 */
public final class DashboardService implements CreateDashboardUseCase, ChangeDashboardUseCase, DeleteDashboardUseCase, CopyDashboardUseCase,
        RestoreDashboardUseCase, GetDashboardUseCase, ListDashboardsUseCase, ListDashboardVersionsUseCase {

    static final String CREATED = "dashboard.created";
    static final String CHANGED = "dashboard.changed";
    static final String DELETED = "dashboard.deleted";
    static final String COPIED = "dashboard.copied";
    static final String RESTORED = "dashboard.restored";
    static final String DEFAULTS_MADE = "dashboard.defaults_made";

    private final DashboardStorePort store;
    private final SavedQueryStorePort savedQueries;
    private final QueryChecks checks;
    private final Consumer<TenantId> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Supplier<UUID> ids;
    private final Clock clock;

    /**
     * @param tenants makes sure the caller's tenant exists (it is created on first use)
     */
    public DashboardService(DashboardStorePort store, SavedQueryStorePort savedQueries, QueryChecks checks, Consumer<TenantId> tenants,
                            AuditLogPort audit, TransactionPort transactions, Supplier<UUID> ids, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.savedQueries = Objects.requireNonNull(savedQueries, "savedQueries");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Dashboard createDashboard(DashboardCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        Dashboard dashboard = Dashboard.create(ids.get(), actor, command.definition(), clock.instant());
        check(actor, command.definition());
        transactions.inTransaction(() -> {
            store.create(actor.tenant(), dashboard, firstVersion(dashboard, actor.subject()));
            audit.append(AuditEntry.of(actor, dashboard.createdAt(), CREATED, target(dashboard.id()), describe(dashboard)));
            return null;
        });
        return dashboard;
    }

    @Override
    public Dashboard changeDashboard(ChangeDashboardCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        check(actor, command.definition());
        return transactions.inTransaction(() -> {
            Dashboard before = visible(actor, store.findForUpdate(actor.tenant(), command.id()).orElse(null), command.id());
            Dashboard after = before.revised(actor, command.definition(), clock.instant());
            store.update(actor.tenant(), after, new DashboardVersion(after.version(), after.definition(), actor.subject(), after.updatedAt()));
            Map<String, Object> details = describe(after);
            details.put("previous_version", before.version());
            audit.append(AuditEntry.of(actor, after.updatedAt(), CHANGED, target(after.id()), details));
            return after;
        });
    }

    @Override
    public void deleteDashboard(DashboardIdCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        transactions.inTransaction(() -> {
            Dashboard dashboard = visible(actor, store.findForUpdate(actor.tenant(), command.id()).orElse(null), command.id());
            if (!dashboard.changeableBy(actor)) {
                throw new ForbiddenException("only its owner, or a manager when it is shared, may delete a dashboard");
            }
            if (dashboard.defaultKey().isPresent()) {
                throw new ConflictException("'" + dashboard.definition().name() + "' is one of the tenant's default dashboards: change it, or"
                        + " restore it with POST /api/v1/dashboards/" + dashboard.id() + "/restore; it is not deleted");
            }
            store.delete(actor.tenant(), dashboard.id());
            audit.append(AuditEntry.of(actor, clock.instant(), DELETED, target(dashboard.id()), describe(dashboard)));
            return null;
        });
    }

    @Override
    public Dashboard copyDashboard(DashboardIdCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        Dashboard original = visible(actor, store.find(actor.tenant(), command.id()).orElse(null), command.id());
        Dashboard copy = original.copiedBy(ids.get(), actor, clock.instant());
        transactions.inTransaction(() -> {
            store.create(actor.tenant(), copy, firstVersion(copy, actor.subject()));
            Map<String, Object> details = describe(copy);
            details.put("copied_from", original.id().toString());
            audit.append(AuditEntry.of(actor, copy.createdAt(), COPIED, target(copy.id()), details));
            return null;
        });
        return copy;
    }

    @Override
    public Dashboard restoreDashboard(DashboardIdCommand command) {
        Actor actor = command.actor();
        tenants.accept(actor.tenant());
        return transactions.inTransaction(() -> {
            Dashboard before = visible(actor, store.findForUpdate(actor.tenant(), command.id()).orElse(null), command.id());
            String key = before.defaultKey().orElseThrow(() -> new ConflictException("'" + before.definition().name()
                    + "' is not one of the tenant's default dashboards; only those can be restored"));
            if (!Sharing.hasRole(actor, Role.MANAGER)) {
                throw new ForbiddenException("restoring a default dashboard needs the manager role");
            }
            Dashboard after = before.revised(actor, DefaultDashboards.definition(key), clock.instant());
            store.update(actor.tenant(), after, new DashboardVersion(after.version(), after.definition(), actor.subject(), after.updatedAt()));
            Map<String, Object> details = describe(after);
            details.put("default", key);
            audit.append(AuditEntry.of(actor, after.updatedAt(), RESTORED, target(after.id()), details));
            return after;
        });
    }

    @Override
    public Dashboard getDashboard(DashboardIdQuery query) {
        tenants.accept(query.actor().tenant());
        return visible(query.actor(), store.find(query.actor().tenant(), query.id()).orElse(null), query.id());
    }

    @Override
    public Page<Dashboard> listDashboards(ListDashboardsQuery query) {
        Actor actor = query.actor();
        tenants.accept(actor.tenant());
        makeDefaults(actor);
        return Page.fromLookahead(store.list(actor.tenant(), actor.subject(), query.visibility(), query.after(), query.limit() + 1), query.limit());
    }

    @Override
    public Page<DashboardVersion> listDashboardVersions(ListDashboardVersionsQuery query) {
        Actor actor = query.actor();
        tenants.accept(actor.tenant());
        visible(actor, store.find(actor.tenant(), query.id()).orElse(null), query.id());
        return Page.fromLookahead(store.versions(actor.tenant(), query.id(), query.before(), query.limit() + 1), query.limit());
    }

    /** The tenant's default dashboards, made once (whichever node or request claims them first), in one transaction. */
    private void makeDefaults(Actor actor) {
        transactions.inTransaction(() -> {
            Instant now = clock.instant();
            if (store.claimDefaults(actor.tenant(), now)) {
                for (int i = 0; i < DefaultDashboards.KEYS.size(); i++) {
                    // a microsecond apart, so that they are listed in the order of the seed design (the list is by creation)
                    String key = DefaultDashboards.KEYS.get(i);
                    Dashboard dashboard = Dashboard.ofDefault(ids.get(), key, DefaultDashboards.definition(key), now.plusNanos(1_000L * i));
                    store.create(actor.tenant(), dashboard, firstVersion(dashboard, DefaultDashboards.OWNER));
                }
                audit.append(AuditEntry.of(actor, now, DEFAULTS_MADE, "dashboards", Map.of("defaults", DefaultDashboards.KEYS)));
            }
            return null;
        });
    }

    /** Every widget's query, with the filters' defaults (else samples): a query, its metrics existing; a saved query seen and fitting. */
    private void check(Actor actor, Dashboard.Definition definition) {
        Map<String, Object> samples = definition.sampleFilters();
        List<Widget> widgets = definition.widgets();
        for (int i = 0; i < widgets.size(); i++) {
            String field = "widgets[" + i + "].";
            switch (widgets.get(i).source()) {
                case WidgetSource.Inline inline -> checks.check(actor.tenant(), inline.query().bind(samples::get), field + "query.");
                case WidgetSource.Saved saved -> {
                    SavedQuery query = savedQueries.find(actor.tenant(), saved.query()).filter(found -> found.visibleTo(actor))
                            .orElseThrow(() -> new InvalidValueException(field + "saved_query", "'" + saved.query()
                                    + "' is not a saved query you see; GET /api/v1/queries lists them"));
                    try {
                        checks.check(actor.tenant(), query.bind(query.values(saved.params().bind(samples::get))), field + "query.");
                    } catch (InvalidValueException e) {
                        throw e.field().startsWith("params.") ? e.forField(field + e.field()) : e;
                    }
                }
            }
        }
    }

    /** The dashboard, when it exists and the actor sees it; "not found" otherwise, so another user's private one stays hidden. */
    static Dashboard visible(Actor actor, Dashboard dashboard, UUID id) {
        if (dashboard == null || !dashboard.visibleTo(actor)) {
            throw new NotFoundException("dashboard", id.toString());
        }
        return dashboard;
    }

    private static DashboardVersion firstVersion(Dashboard dashboard, String savedBy) {
        return new DashboardVersion(1, dashboard.definition(), savedBy, dashboard.createdAt());
    }

    private static String target(UUID id) {
        return "dashboard:" + id;
    }

    private static Map<String, Object> describe(Dashboard dashboard) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", dashboard.definition().name());
        details.put("visibility", dashboard.definition().visibility().wireName());
        details.put("version", dashboard.version());
        details.put("owner", dashboard.owner());
        details.put("widgets", dashboard.definition().widgets().size());
        return details;
    }
}
