package io.tally.application.service.report;

import io.tally.domain.common.PersonalData;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.application.port.out.UsageHistoryPort;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.Customer;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Column;
import io.tally.domain.report.ExportFormat;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A customer's raw events in a period, one row per event, read from a database cursor while the report is written: in
 * a file for data (CSV, XLSX, JSON) a column per dimension and per measure; on a page (PDF, HTML) the data in one
 * column, and at most {@value #MAX_READABLE_ROWS} events. The tenant's personal dimensions are shown masked.
 */
final class EventsTable {

    /** The most events a page (PDF or HTML) holds, synchronous or async; above it, CSV or XLSX. */
    static final long MAX_READABLE_ROWS = 50_000;

    private final UsageHistoryPort history;
    private final Function<TenantId, Tenant> tenants;

    /** @param tenants the caller's tenant: its personal dimensions are shown masked */
    EventsTable(UsageHistoryPort history, Function<TenantId, Tenant> tenants) {
        this.history = Objects.requireNonNull(history, "history");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    Table of(Actor actor, Customer customer, Period period, ExportFormat format) {
        if (format.isForReading()) {
            long events = history.count(actor.tenant(), customer.id(), period.start(), period.end(), MAX_READABLE_ROWS + 1);
            if (events > MAX_READABLE_ROWS) {
                throw new UnprocessableException("the period holds more than " + MAX_READABLE_ROWS
                        + " events, too many for a " + format.wireName().toUpperCase(Locale.ROOT)
                        + " page to read: export it as CSV or XLSX (format=csv|xlsx), here or as an async export (POST /api/v1/exports)");
            }
        }
        UsageHistoryPort.DataNames names = history.dataNames(actor.tenant(), customer.id(), period.start(), period.end());
        Set<String> personal = tenants.apply(actor.tenant()).settings().personalDimensions();
        boolean[] masked = new boolean[names.dimensions().size()];
        for (int i = 0; i < masked.length; i++) {
            masked[i] = personal.contains(names.dimensions().get(i));
        }
        return format.isForReading() ? readable(actor, customer, period, names.dimensions(), names.measures(), masked)
                : flat(actor, customer, period, names.dimensions(), names.measures(), masked);
    }

    /**
     * One column per dimension and per measure: what a spreadsheet or a script wants. Time (in the period's timezone),
     * type, source, id, the data, and when Tally received the event.
     */
    private Table flat(Actor actor, Customer customer, Period period, List<String> dimensions, List<String> measures, boolean[] masked) {
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
                    String[] values = event.dimensions();
                    for (int i = 0; i < values.length; i++) {
                        row.add(Cell.text(masked[i] ? PersonalData.mask(values[i]) : values[i]));
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
    private Table readable(Actor actor, Customer customer, Period period, List<String> dimensions, List<String> measures, boolean[] masked) {
        List<Column> columns = List.of(Column.of("Time", ValueType.DATETIME), Column.of("Type", ValueType.TEXT),
                Column.of("Data", ValueType.TEXT), Column.of("ID", ValueType.TEXT));
        return Table.streamed(columns, consumer -> history.forEach(actor.tenant(), customer.id(), period.start(), period.end(),
                dimensions, measures, event -> {
                    StringBuilder data = new StringBuilder();
                    for (int i = 0; i < dimensions.size(); i++) {
                        String value = event.dimensions()[i];
                        append(data, dimensions.get(i), masked[i] ? PersonalData.mask(value) : value);
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
