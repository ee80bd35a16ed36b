package io.tally.application.service.dashboard;

import io.tally.application.port.in.dashboard.DashboardData;
import io.tally.application.port.in.dashboard.DashboardDataQuery;
import io.tally.application.port.in.dashboard.ExportDashboardCommand;
import io.tally.application.port.in.dashboard.ExportDashboardUseCase;
import io.tally.application.port.in.dashboard.GetDashboardDataUseCase;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.service.report.ReportExports;
import io.tally.domain.access.Actor;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.dashboard.DashboardFilter;
import io.tally.domain.query.ParamType;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportKind;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A dashboard as a file: its data as {@code GET /api/v1/dashboards/{id}/data} answers it (the same cache, the same
 * checks of who sees what), built into a report ({@link DashboardReport}) and written by {@link ReportExports}, which
 * counts it as usage (an {@code export.generated} event of the dashboard's customer, else of the tenant) and audits it.
 * Who may export: analysts and above, and customer-scoped tokens with the dashboard's customer filter bound to one of
 * their own customers, as for reports.
 */
public final class DashboardExportService implements ExportDashboardUseCase {

    private final GetDashboardDataUseCase data;
    private final CustomerStorePort customers;
    private final Function<TenantId, Tenant> tenants;
    private final ReportExports exports;
    private final Clock clock;

    /** @param tenants the caller's tenant, made on first use */
    public DashboardExportService(GetDashboardDataUseCase data, CustomerStorePort customers, Function<TenantId, Tenant> tenants,
                                  ReportExports exports, Clock clock) {
        this.data = Objects.requireNonNull(data, "data");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PreparedExport exportDashboard(ExportDashboardCommand command) {
        return export(command, Optional.empty(), Optional.empty());
    }

    /**
     * A scheduled run's file of the dashboard: noting when its data is complete ({@code dataAsOf}), recorded as delivered by
     * schedule under the file's id.
     */
    public PreparedExport exportScheduled(ExportDashboardCommand command, Instant dataAsOf, UUID fileId) {
        return export(command, Optional.of(dataAsOf), Optional.of(fileId));
    }

    private PreparedExport export(ExportDashboardCommand command, Optional<Instant> dataAsOf, Optional<UUID> fileId) {
        Actor actor = command.actor();
        ReportExports.requireExporter(actor);
        DashboardData answered = data.getDashboardData(new DashboardDataQuery(actor, command.id(), command.filters()));
        Optional<CustomerId> customerId = customerOf(answered);
        ReportExports.requireMayExport(actor, customerId);
        Tenant tenant = tenants.apply(actor.tenant());
        Optional<Customer> customer = customerId.flatMap(id -> customers.find(actor.tenant(), id));
        // whole seconds: "generated at" is for people, and a report shows it
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Report built = DashboardReport.of(answered, tenant, customer, now);
        Report report = dataAsOf.map(asOf -> built.withNote(ReportExports.dataCompleteNote(asOf, built.zone()))).orElse(built);
        RenderOptions options = new RenderOptions(command.bom(), command.paper().orElseGet(() -> PaperSize.forLocale(tenant.settings().locale())));
        // dashboard_Customer_usage_Acme_Analytics_GmbH_20261201.pdf
        ExportFileName fileName = ExportFileName.of(ReportKind.DASHBOARD.name(), report.title() + " " + report.subject(),
                LocalDate.ofInstant(now, report.zone().zone()), command.format());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dashboard", answered.dashboard().id().toString());
        details.put("name", answered.dashboard().definition().name());
        Map<String, Object> filters = new LinkedHashMap<>();
        answered.filters().forEach((name, value) -> {
            if (value != null) {
                filters.put(name, value);
            }
        });
        details.put("filters", filters);
        return exports.prepared(actor, report, options, fileName, new ReportExports.Record(ReportKind.DASHBOARD.name(), command.format(),
                customerId, Optional.of("dashboard:" + answered.dashboard().id()), details, fileId, fileId.isPresent() ? "scheduled" : "sync"));
    }

    /** The customer the dashboard was answered for: the value of its first customer filter, when bound. */
    private static Optional<CustomerId> customerOf(DashboardData answered) {
        for (DashboardFilter filter : answered.dashboard().definition().filters()) {
            if (filter.type() == ParamType.CUSTOMER && answered.filters().get(filter.name()) instanceof String id) {
                return Optional.of(CustomerId.of(id));
            }
        }
        return Optional.empty();
    }
}
