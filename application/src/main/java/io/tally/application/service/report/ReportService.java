package io.tally.application.service.report;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.report.ExportCommand;
import io.tally.application.port.in.report.PrepareExportUseCase;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.in.template.GetReportTemplateUseCase;
import io.tally.application.port.in.template.ReportTemplateQuery;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.MetricStorePort;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.metric.MetricCatalog;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.query.QueryParam;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.template.FigureSpec;
import io.tally.domain.template.ReportTemplate;
import io.tally.domain.template.TemplateBlock;
import io.tally.domain.template.TemplateDefinition;
import io.tally.domain.template.TemplateScope;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reports as files: any report template (built-in or the tenant's), for its customer or the whole tenant, over a
 * period, built by {@link TemplateReport} and handed to {@link ReportExports}, which renders it and records it (an
 * {@code export.generated} usage event and an audit entry).
 *
 * <p>Who may export: analysts and above, and customer-scoped tokens (any role) for their own customers;
 * tenant-wide reports need a token that is not limited to customers. A customer's report is cut in the customer's
 * timezone (else the tenant's) unless the request names one; the tenant's in the tenant's. A template with billing
 * figures is cut in the tenant's timezone and over a period that has begun, as billing figures are.
 */
public final class ReportService implements PrepareExportUseCase {

    private final GetReportTemplateUseCase templates;
    private final TemplateReport builder;
    private final CustomerStorePort customers;
    private final MetricStorePort metrics;
    private final Function<TenantId, Tenant> tenants;
    private final ReportExports exports;
    private final Clock clock;

    /** @param tenants the caller's tenant, made on first use */
    public ReportService(GetReportTemplateUseCase templates, QueryAnalyticsUseCase analytics, SavedQueryStorePort savedQueries,
                         UsageHistoryPort history, CustomerStorePort customers, MetricStorePort metrics, Function<TenantId, Tenant> tenants,
                         ReportExports exports, Clock clock) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.builder = new TemplateReport(analytics, savedQueries, new EventsTable(history, Objects.requireNonNull(tenants, "tenants")));
        this.customers = Objects.requireNonNull(customers, "customers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PreparedExport prepareExport(ExportCommand command) {
        return prepare(command.actor(), command.request(), Optional.empty());
    }

    /** What a request asks for, checked: the template, its customer, the period, the parameters' values. */
    record Checked(ReportTemplate template, Tenant tenant, Optional<Customer> customer, Period period, Map<String, Object> params) {
    }

    /**
     * Checks a request without running it: who asks, the template and whom it is about, the parameters, the period (at
     * {@code now}). A customer outside the token's scope is "not found".
     */
    Checked check(Actor actor, ExportRequest request, Instant now) {
        ReportExports.requireExporter(actor);
        ReportTemplate template = templates.getReportTemplate(new ReportTemplateQuery(actor, request.report()));
        TemplateDefinition definition = template.definition();
        String name = request.report().value();
        if (definition.scope() == TemplateScope.CUSTOMER && request.customer().isEmpty()) {
            throw new InvalidValueException("customer", "the " + name + " report is about one customer: name it");
        }
        if (definition.scope() == TemplateScope.TENANT && request.customer().isPresent()) {
            throw new InvalidValueException("customer", "the " + name + " report is about the whole tenant: name no customer");
        }
        ReportExports.requireMayExport(actor, request.customer());
        Tenant tenant = tenants.apply(actor.tenant());
        Optional<Customer> customer = request.customer().map(id -> customers.find(actor.tenant(), id)
                .orElseThrow(() -> new NotFoundException("customer", id.value())));
        customer.flatMap(Customer::restrictedSince).ifPresent(since -> {
            throw new ConflictException("the processing of customer '" + request.customer().get().value() + "' is restricted at their request since "
                    + since + " (GDPR Art. 18): no report about them is made until the restriction is lifted");
        });
        Map<String, Object> params = QueryParam.values(definition.params(), request.params(), "the " + name + " report");
        boolean billing = hasBillingFigures(actor.tenant(), definition);
        if (billing && request.tz().isPresent()) {
            throw new InvalidValueException("tz", "billing figures are cut in the tenant's timezone; tz is not taken");
        }
        TimeZoneId zone = customer.map(found -> found.effectiveTimezone(tenant.settings())).orElse(tenant.settings().timezone());
        PeriodSpec spec = new PeriodSpec(request.days(), request.from(), request.to(), request.month(), request.relative(), request.tz());
        Period period = spec.resolve(zone, now);
        LocalDate today = LocalDate.ofInstant(now, period.zone().zone());
        if (billing && period.from().isAfter(today)) {
            throw new InvalidValueException(request.month().isPresent() ? "month" : "from", "starts after today (" + today + " in "
                    + period.zone().value() + ")");
        }
        return new Checked(template, tenant, customer, period, params);
    }

    /** Checks and builds an export; {@code job} names the async job it runs for, for the record. */
    PreparedExport prepare(Actor actor, ExportRequest request, Optional<UUID> job) {
        return prepare(actor, request, job, Optional.empty(), Optional.empty());
    }

    /**
     * Checks a request as a schedule is saved, as an async export is when it is queued: the template, its customer, its
     * parameters and the period at {@code now}. A bad one is an {@link InvalidValueException} (or not found, forbidden).
     */
    public void checkExport(Actor actor, ExportRequest request, Instant now) {
        check(actor, request, now);
    }

    /**
     * A scheduled run's file: the period resolved at the fire time (a run taken over late reports the same days), the
     * report noting when its data is complete ({@code dataAsOf}), recorded as delivered by schedule under the file's id.
     */
    public PreparedExport prepareScheduled(Actor actor, ExportRequest request, Instant fireTime, Instant dataAsOf, UUID fileId) {
        return prepare(actor, request, Optional.of(fileId), Optional.of(fireTime), Optional.of(dataAsOf));
    }

    private PreparedExport prepare(Actor actor, ExportRequest request, Optional<UUID> job, Optional<Instant> periodAt, Optional<Instant> dataAsOf) {
        // whole seconds: "generated at" is for people, and a report shows it
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Checked checked = check(actor, request, periodAt.orElse(now));
        Report built = builder.build(checked.template(), new TemplateReport.Asked(actor, checked.tenant(), checked.customer(), checked.period(),
                checked.params(), request.format(), now));
        Report report = dataAsOf.map(asOf -> built.withNote(ReportExports.dataCompleteNote(asOf, built.zone()))).orElse(built);
        RenderOptions options = new RenderOptions(request.bom(), request.paper()
                .orElseGet(() -> PaperSize.forLocale(checked.tenant().settings().locale())));
        ExportFileName fileName = ExportFileName.of(request.report().value(), report.subject(), LocalDate.ofInstant(now, report.zone().zone()),
                request.format());
        return exports.prepared(actor, report, options, fileName, new ReportExports.Record(request.report().value(), request.format(),
                request.customer(), Optional.empty(), Map.of(), job, dataAsOf.isPresent() ? "scheduled" : job.isPresent() ? "async" : "sync"));
    }

    /**
     * Whether a template shows billing figures: a key figure's or an inline query's metric measured (in the end) from
     * billing facts.
     */
    private boolean hasBillingFigures(TenantId tenant, TemplateDefinition definition) {
        List<MetricKey> named = new ArrayList<>(definition.keyFigures().stream().map(FigureSpec::metric).toList());
        for (TemplateDefinition.PlacedSource placed : definition.sources()) {
            if (placed.source() instanceof TemplateBlock.Inline inline) {
                Map<String, Object> json = inline.query().json();
                if (json.get("metric") instanceof String key && MetricKey.isValid(key)) {
                    named.add(MetricKey.of(key));
                }
                if (json.get("metrics") instanceof List<?> keys) {
                    keys.stream().filter(key -> key instanceof String text && MetricKey.isValid(text)).map(key -> MetricKey.of((String) key))
                            .forEach(named::add);
                }
            }
        }
        MetricCatalog catalog = MetricCatalog.of(metrics.list(tenant));
        return named.stream().map(catalog::find).flatMap(Optional::stream).anyMatch(metric -> !catalog.leaves(metric).billing().isEmpty());
    }
}
