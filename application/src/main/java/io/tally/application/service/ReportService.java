package io.tally.application.service;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.billing.BillingPeriodSpec;
import io.tally.application.port.in.report.ExportCommand;
import io.tally.application.port.in.report.PrepareExportUseCase;
import io.tally.application.port.in.report.PreparedExport;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.Customer;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.ExportFileName;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.ExportRequest;
import io.tally.domain.report.PaperSize;
import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportType;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Exports: checks who may export what, builds the report (or streams a customer's raw events), and hands it to
 * {@link ReportExports}, which renders it and records it (an {@code export.generated} usage event and an audit entry).
 *
 * <p>Who may export: analysts and above, and customer-scoped tokens (any role) for their own customers;
 * tenant-wide reports need a token that is not limited to customers.
 */
public final class ReportService implements PrepareExportUseCase {

    /** The most events a usage-history PDF or HTML page holds, synchronous or async; above it, CSV or XLSX. */
    public static final long MAX_HISTORY_PDF_ROWS = 50_000;

    private final ReportBuilder builder;
    private final UsageHistoryPort history;
    private final CustomerStorePort customers;
    private final TenantService tenants;
    private final ReportExports exports;
    private final Clock clock;

    public ReportService(UsageAnalyticsService usage, BillingAnalyticsService billing, UsageHistoryPort history, CustomerStorePort customers,
                         TenantService tenants, ReportExports exports, Clock clock) {
        this.builder = new ReportBuilder(Objects.requireNonNull(usage, "usage"), Objects.requireNonNull(billing, "billing"));
        this.history = Objects.requireNonNull(history, "history");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PreparedExport prepareExport(ExportCommand command) {
        return prepare(command.actor(), command.request(), Optional.empty());
    }

    /**
     * Fails unless the actor may run this export: an analyst or above, or a customer-scoped token for a
     * customer it sees; a tenant-wide report needs an unrestricted token. A customer outside the token's
     * scope is "not found".
     */
    static void authorize(Actor actor, ExportRequest request) {
        ReportExports.requireMayExport(actor, request.customer());
    }

    /** Checks and builds an export; {@code job} names the async job it runs for, for the record. */
    PreparedExport prepare(Actor actor, ExportRequest request, Optional<UUID> job) {
        authorize(actor, request);
        Tenant tenant = tenants.current(actor.tenant());
        // whole seconds: "generated at" is for people, and a report shows it
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<Customer> customer = request.customer().map(id -> customers.find(actor.tenant(), id)
                .orElseThrow(() -> new NotFoundException("customer", id.value())));
        RenderOptions options = new RenderOptions(request.bom(), request.paper().orElseGet(() -> PaperSize.forLocale(tenant.settings().locale())));
        PeriodSpec usagePeriod = new PeriodSpec(request.days(), request.from(), request.to(), request.month(), request.relative(),
                request.tz());
        Report report = switch (request.report()) {
            case USAGE_SUMMARY -> builder.usageSummary(actor, tenant, customer.orElseThrow(), usagePeriod, now);
            case ACTIVITY -> builder.activity(actor, tenant, customer.orElseThrow(), usagePeriod, now);
            case BILLING_SUMMARY -> builder.billingSummary(actor, tenant,
                    new BillingPeriodSpec(request.days(), request.from(), request.to(), request.month(), request.relative()), now);
            case USAGE_HISTORY -> history(actor, tenant, customer.orElseThrow(), usagePeriod, request.format(), now);
            case DASHBOARD -> throw new IllegalStateException("an export request is never of a dashboard");
        };
        ExportFileName fileName = ExportFileName.of(request.report().wireName(), report.subject(), LocalDate.ofInstant(now, report.zone().zone()), request.format());
        return exports.prepared(actor, report, options, fileName, new ReportExports.Record(request.report().wireName(), request.format(),
                request.customer(), Optional.empty(), Map.of(), job));
    }

    /**
     * A customer's raw events in the period, one row per event: time (in the period's timezone), type,
     * source, id, a column per dimension and per measure of the event types in the export, and when Tally
     * received it. Read from a database cursor while it is written.
     */
    private Report history(Actor actor, Tenant tenant, Customer customer, PeriodSpec spec, ExportFormat format, Instant now) {
        Period period = spec.resolve(customer.effectiveTimezone(tenant.settings()), now);
        if (format.isForReading()) {
            long events = history.count(actor.tenant(), customer.id(), period.start(), period.end(), MAX_HISTORY_PDF_ROWS + 1);
            if (events > MAX_HISTORY_PDF_ROWS) {
                throw new UnprocessableException("the period holds more than " + MAX_HISTORY_PDF_ROWS
                        + " events, too many for a " + format.wireName().toUpperCase(Locale.ROOT)
                        + " page to read: export it as CSV or XLSX (format=csv|xlsx), here or as an async export (POST /api/v1/exports)");
            }
        }
        UsageHistoryPort.DataNames names = history.dataNames(actor.tenant(), customer.id(), period.start(), period.end());
        List<String> dimensions = names.dimensions();
        List<String> measures = names.measures();
        Table table = format.isForReading() ? readableHistory(actor, customer, period, dimensions, measures)
                : flatHistory(actor, customer, period, dimensions, measures);
        return new Report(ReportType.USAGE_HISTORY.kind(), ReportType.USAGE_HISTORY.title(), customer.displayName(), period.from(), period.to(),
                period.zone(), now, ReportBuilder.brand(tenant), List.of("One row per usage event, oldest first."), List.of(),
                List.of(Section.of("Events", table)));
    }

    /** One column per dimension and per measure: what a spreadsheet or a script wants. */
    private Table flatHistory(Actor actor, Customer customer, Period period, List<String> dimensions, List<String> measures) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of("occurred_at", ValueType.DATETIME));
        columns.add(Column.of("type", ValueType.TEXT));
        columns.add(Column.of("source", ValueType.TEXT));
        columns.add(Column.of("id", ValueType.TEXT));
        dimensions.forEach(name -> columns.add(Column.of(name, ValueType.TEXT)));
        // a name that is a dimension in one event type and a measure in another gets two columns
        measures.forEach(name -> columns.add(Column.of(dimensions.contains(name) ? name + " (number)" : name, ValueType.DECIMAL)));
        columns.add(Column.of("received_at", ValueType.DATETIME));
        return Table.streamed(columns, consumer -> history.forEach(actor.tenant(), customer.id(), period.start(), period.end(),
                dimensions, measures, event -> {
                    List<Cell> row = new ArrayList<>(columns.size());
                    row.add(Cell.moment(event.occurredAt()));
                    row.add(Cell.text(event.type()));
                    row.add(Cell.text(event.source()));
                    row.add(Cell.text(event.id()));
                    for (String value : event.dimensions()) {
                        row.add(Cell.text(value));
                    }
                    for (BigDecimal value : event.measures()) {
                        row.add(Cell.number(value));
                    }
                    row.add(Cell.moment(event.receivedAt()));
                    consumer.accept(row);
                }));
    }

    /**
     * For a page: time, type, the event's data in one column ({@code agent=ana · cost=0.42}, only what the event
     * has) and its id, since a column per dimension and measure of every event type does not fit across a sheet
     * of paper. The CSV has the source and every value in a column of its own.
     */
    private Table readableHistory(Actor actor, Customer customer, Period period, List<String> dimensions, List<String> measures) {
        List<Column> columns = List.of(Column.of("Time", ValueType.DATETIME), Column.of("Type", ValueType.TEXT),
                Column.of("Data", ValueType.TEXT), Column.of("ID", ValueType.TEXT));
        return Table.streamed(columns, consumer -> history.forEach(actor.tenant(), customer.id(), period.start(), period.end(),
                dimensions, measures, event -> {
                    StringBuilder data = new StringBuilder();
                    for (int i = 0; i < dimensions.size(); i++) {
                        append(data, dimensions.get(i), event.dimensions()[i]);
                    }
                    for (int i = 0; i < measures.size(); i++) {
                        BigDecimal value = event.measures()[i];
                        append(data, measures.get(i), value == null ? null : value.toPlainString());
                    }
                    consumer.accept(List.of(Cell.moment(event.occurredAt()), Cell.text(event.type()), Cell.text(data.toString()),
                            Cell.text(event.id())));
                }));
    }

    private static void append(StringBuilder data, String name, String value) {
        if (value != null) {
            data.append(data.isEmpty() ? "" : " · ").append(name).append('=').append(value);
        }
    }
}
