package io.tally.application.service.report;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.application.port.in.template.ChangeReportTemplateUseCase;
import io.tally.application.port.in.template.DefineReportTemplateUseCase;
import io.tally.application.port.in.template.DeleteReportTemplateCommand;
import io.tally.application.port.in.template.DeleteReportTemplateUseCase;
import io.tally.application.port.in.template.GetReportTemplateUseCase;
import io.tally.application.port.in.template.ListReportTemplatesQuery;
import io.tally.application.port.in.template.ListReportTemplatesUseCase;
import io.tally.application.port.in.template.ReportTemplateCommand;
import io.tally.application.port.in.template.ReportTemplateQuery;
import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.ReportTemplateStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.service.query.QueryChecks;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.Visibility;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateBlock;
import io.tally.domain.template.TemplateDefinition;
import io.tally.domain.template.TemplateJson;
import io.tally.domain.template.TemplateKey;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Report templates: the built-in ones every tenant has, and each tenant's own, which its managers define, change
 * and delete. A template refers only to metrics and saved queries shared with the tenant; saving one reads each of its
 * queries with its parameters' sample values and checks that every metric and saved query exists, naming the section
 * and the field of a problem ({@code sections[2].blocks[0].query.metrics[1]}). Every change is written to the audit log
 * in its transaction.
 */
public final class ReportTemplateService implements ListReportTemplatesUseCase, GetReportTemplateUseCase, DefineReportTemplateUseCase,
        ChangeReportTemplateUseCase, DeleteReportTemplateUseCase {

    static final String DEFINED = "report_template.defined";
    static final String CHANGED = "report_template.changed";
    static final String DELETED = "report_template.deleted";
    /** The columns a table's headings may rename besides its dimensions and metrics. */
    private static final Set<String> COLUMNS = Set.of("@bucket", "share", "previous", "growth", "figure", "unit", "value", "currency");

    private final ReportTemplateStorePort store;
    private final SavedQueryStorePort savedQueries;
    private final MetricStorePort metrics;
    private final QueryChecks checks;
    private final Function<TenantId, Tenant> tenants;
    private final AuditLogPort audit;
    private final TransactionPort transactions;
    private final Clock clock;

    /** @param tenants the caller's tenant, made on first use */
    public ReportTemplateService(ReportTemplateStorePort store, SavedQueryStorePort savedQueries, MetricStorePort metrics, QueryChecks checks,
                                 Function<TenantId, Tenant> tenants, AuditLogPort audit, TransactionPort transactions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.savedQueries = Objects.requireNonNull(savedQueries, "savedQueries");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Page<ReportTemplate> listReportTemplates(ListReportTemplatesQuery query) {
        tenants.apply(query.actor().tenant());
        List<ReportTemplate> all = new ArrayList<>(store.builtIns().stream()
                .filter(template -> query.after().map(after -> template.key().value().compareTo(after.value()) > 0).orElse(true)).toList());
        all.addAll(store.list(query.actor().tenant(), query.after(), query.limit() + 1));
        all.sort((a, b) -> a.key().value().compareTo(b.key().value()));
        return Page.fromLookahead(all.subList(0, Math.min(all.size(), query.limit() + 1)), query.limit());
    }

    @Override
    public ReportTemplate getReportTemplate(ReportTemplateQuery query) {
        tenants.apply(query.actor().tenant());
        return builtIn(query.key()).or(() -> store.find(query.actor().tenant(), query.key()))
                .orElseThrow(() -> new NotFoundException("report template", query.key().value()));
    }

    @Override
    public ReportTemplate defineReportTemplate(ReportTemplateCommand command) {
        Actor actor = command.actor();
        requireManager(actor);
        TemplateKey key = command.key();
        if (builtIn(key).isPresent() || key.value().equals(ExportRequest.DASHBOARD)) {
            throw new ConflictException("'" + key + "' is a built-in report's key; choose another");
        }
        tenants.apply(actor.tenant());
        TemplateDefinition definition = TemplateJson.read(command.definition());
        check(actor.tenant(), definition);
        ReportTemplate template = ReportTemplate.create(key, definition, actor.subject(), clock.instant());
        return transactions.inTransaction(() -> {
            if (!store.create(actor.tenant(), template)) {
                throw new ConflictException("a report template with the key '" + key + "' exists already");
            }
            audit.append(AuditEntry.of(actor, clock.instant(), DEFINED, target(key), describe(template)));
            return template;
        });
    }

    @Override
    public ReportTemplate changeReportTemplate(ReportTemplateCommand command) {
        Actor actor = command.actor();
        requireOwnChangeable(actor, command.key());
        TemplateDefinition definition = TemplateJson.read(command.definition());
        check(actor.tenant(), definition);
        return transactions.inTransaction(() -> {
            ReportTemplate before = lockedOwn(actor, command.key());
            if (before.definition().equals(definition)) {
                return before;
            }
            Instant now = clock.instant();
            ReportTemplate after = before.revised(definition, actor.subject(), now);
            store.update(actor.tenant(), after);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from_version", before.version());
            details.putAll(describe(after));
            audit.append(AuditEntry.of(actor, now, CHANGED, target(after.key()), details));
            return after;
        });
    }

    @Override
    public void deleteReportTemplate(DeleteReportTemplateCommand command) {
        Actor actor = command.actor();
        requireOwnChangeable(actor, command.key());
        transactions.inTransaction(() -> {
            ReportTemplate before = lockedOwn(actor, command.key());
            store.delete(actor.tenant(), command.key());
            audit.append(AuditEntry.of(actor, clock.instant(), DELETED, target(command.key()), describe(before)));
            return null;
        });
    }

    /** Fails unless a manager asks about a key that is not a built-in template's, of a tenant that may be used. */
    private void requireOwnChangeable(Actor actor, TemplateKey key) {
        requireManager(actor);
        requireOwn(key);
        tenants.apply(actor.tenant());
    }

    /** The tenant's own template, locked for the rest of the transaction; 404 when it has none of the key. */
    private ReportTemplate lockedOwn(Actor actor, TemplateKey key) {
        return store.findForUpdate(actor.tenant(), key).orElseThrow(() -> new NotFoundException("report template", key.value()));
    }

    /**
     * Checks a definition against the tenant's catalogue: every key figure's metric exists, every query reads (with the
     * parameters' sample values) and names metrics that exist, every saved query exists and is shared with the tenant,
     * and what a table shows (a share, renamed columns, a row per metric) fits its query.
     */
    void check(TenantId tenant, TemplateDefinition definition) {
        MetricCatalog catalog = MetricCatalog.of(metrics.list(tenant));
        for (int i = 0; i < definition.keyFigures().size(); i++) {
            MetricKey metric = definition.keyFigures().get(i).metric();
            if (catalog.find(metric).isEmpty()) {
                throw new InvalidValueException("key_figures[" + i + "].metric", "'" + metric + "' is not a metric of this tenant; "
                        + "GET /api/v1/metrics lists them");
            }
        }
        Map<String, Object> samples = definition.sampleParams();
        for (int s = 0; s < definition.sections().size(); s++) {
            List<TemplateBlock> blocks = definition.sections().get(s).blocks();
            for (int b = 0; b < blocks.size(); b++) {
                String field = "sections[" + s + "].blocks[" + b + "]";
                switch (blocks.get(b)) {
                    case TemplateBlock.Table table -> checkTable(table, read(tenant, table.source(), samples, field), field);
                    case TemplateBlock.Chart chart -> read(tenant, chart.source(), samples, field);
                    default -> {
                    }
                }
            }
        }
    }

    /** A block's query with sample values, checked: an inline one as a query kept for later is, a saved one for existing and shared. */
    private QueryDefinition read(TenantId tenant, TemplateBlock.Source source, Map<String, Object> samples, String field) {
        return switch (source) {
            case TemplateBlock.Inline inline -> checks.check(tenant, inline.query().bind(samples::get), field + ".query.");
            case TemplateBlock.Saved saved -> {
                String at = field + ".saved_query";
                SavedQuery query = savedQueries.find(tenant, saved.id()).filter(found -> found.definition().visibility() == Visibility.TENANT)
                        .orElseThrow(() -> new InvalidValueException(at + ".id", "'" + saved.id() + "' is not a saved query shared with the tenant;"
                                + " a template may use those only"));
                yield QueryDefinition.read(query.bind(TemplateReport.savedValues(query, saved, samples, Optional.empty(), at)), at + ".query.");
            }
        };
    }

    private static void checkTable(TemplateBlock.Table table, QueryDefinition query, String field) {
        List<String> asked = query.metrics().stream().map(MetricKey::value).toList();
        table.shareOf().ifPresent(metric -> {
            if (!asked.contains(metric.value())) {
                throw new InvalidValueException(field + ".share_of", "'" + metric + "' is not one of the table's metrics: " + String.join(", ", asked));
            }
        });
        if (table.rows() == TemplateBlock.Rows.METRICS && !query.groupBy().isEmpty()) {
            throw new InvalidValueException(field + ".rows", "a row per metric takes a query without group_by");
        }
        Set<String> columns = new HashSet<>(COLUMNS);
        columns.addAll(asked);
        columns.addAll(query.groupBy());
        for (String column : table.headings().keySet()) {
            if (!columns.contains(column)) {
                throw new InvalidValueException(field + ".headings." + column, "names no column of the table; it has its group_by dimensions, "
                        + "its metrics, and " + String.join(", ", COLUMNS.stream().sorted().toList()));
            }
        }
    }

    private Optional<ReportTemplate> builtIn(TemplateKey key) {
        return store.builtIns().stream().filter(template -> template.key().equals(key)).findFirst();
    }

    private void requireOwn(TemplateKey key) {
        if (builtIn(key).isPresent()) {
            throw new ConflictException("'" + key + "' is a built-in report template and cannot be changed or deleted; copy it under a key of your own");
        }
    }

    private static void requireManager(Actor actor) {
        actor.requireRole(Role.MANAGER, "report templates are defined by managers and above");
    }

    private static String target(TemplateKey key) {
        return "report_template:" + key.value();
    }

    /** A template as audit details: its version and its definition in the API's shape. */
    private static Map<String, Object> describe(ReportTemplate template) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", template.version());
        details.put("definition", TemplateJson.write(Optional.empty(), template.definition()));
        return details;
    }
}
