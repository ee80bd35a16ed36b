package io.tally.application.service;

import io.tally.application.port.in.PeriodSpec;
import io.tally.application.port.in.analytics.CallActivity;
import io.tally.application.port.in.analytics.Figure;
import io.tally.application.port.in.analytics.UsageQuery;
import io.tally.application.port.in.analytics.UsageSummary;
import io.tally.application.port.in.billing.BillingPeriodSpec;
import io.tally.application.port.in.billing.BillingSummary;
import io.tally.application.port.in.billing.BillingSummaryQuery;
import io.tally.application.port.in.billing.MrrSeries;
import io.tally.application.port.in.billing.MrrSeriesQuery;
import io.tally.domain.access.Actor;
import io.tally.domain.analytics.BuiltInMeters;
import io.tally.domain.analytics.FigureValue;
import io.tally.domain.analytics.Figures;
import io.tally.domain.analytics.Meter;
import io.tally.domain.metric.BuiltInMetrics;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.analytics.Period;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Money;
import io.tally.domain.customer.Customer;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportType;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the held (not streamed) reports from the analytics use cases, which also enforce who may see what.
 * Every figure comes from the same use case as its API endpoint, so a report and the API never disagree.
 */
final class ReportBuilder {

    private static final DateTimeFormatter MEASURED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final UsageAnalyticsService usage;
    private final BillingAnalyticsService billing;

    ReportBuilder(UsageAnalyticsService usage, BillingAnalyticsService billing) {
        this.usage = usage;
        this.billing = billing;
    }

    /** A customer's usage figures against the period before, and its exports by format; names, units and polarity from the catalogue. */
    Report usageSummary(Actor actor, Tenant tenant, Customer customer, PeriodSpec spec, Instant now) {
        UsageSummary summary = usage.getUsageSummary(new UsageQuery(actor, Optional.of(customer.id()), spec));
        Period period = summary.period();
        List<KeyFigure> keyFigures = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<List<Cell>> figureRows = new ArrayList<>();
        for (Figure figure : summary.figures()) {
            Metric metric = BuiltInMetrics.get(figure.key());
            ValueType type = ValueType.of(metric.unit());
            if (figure.value() instanceof FigureValue.Scalar current && figure.previous() instanceof FigureValue.Scalar previous) {
                BigDecimal growth = figure.growthPct() instanceof FigureValue.Scalar g ? g.value() : null;
                keyFigures.add(KeyFigure.compared(metric.name(), type, Cell.number(current.value()), Cell.number(previous.value()), growth,
                        metric.polarity()));
                figureRows.add(List.of(Cell.text(metric.name()), Cell.text(type.unit()), Cell.number(current.value()),
                        Cell.number(previous.value()), Cell.number(growth)));
            } else if (figure.value() instanceof FigureValue.Breakdown current && figure.previous() instanceof FigureValue.Breakdown previous) {
                BuiltInMeters.find(figure.key()).ifPresent(meter ->
                        sections.add(breakdownSection(metric.name(), dimensionLabel(meter), current, previous)));
            }
        }
        sections.addFirst(Section.of("Figures", Table.of(List.of(Column.of("Figure", ValueType.TEXT), Column.of("Unit", ValueType.TEXT),
                Column.of("This period", ValueType.DECIMAL), Column.of("Previous period", ValueType.DECIMAL),
                Column.of("Growth %", ValueType.PERCENT)), figureRows)));
        return new Report(ReportType.USAGE_SUMMARY.kind(), ReportType.USAGE_SUMMARY.title(), customer.displayName(), period.from(), period.to(),
                period.zone(), now, brand(tenant), List.of(comparedWith(period)), keyFigures, sections);
    }

    /** A customer's calls: summary metrics against the period before, calls by outcome, agent performance, calls per day. */
    Report activity(Actor actor, Tenant tenant, Customer customer, PeriodSpec spec, Instant now) {
        CallActivity current = usage.getCallActivity(new UsageQuery(actor, Optional.of(customer.id()), spec));
        Period period = current.period();
        Period before = period.previous();
        CallActivity previous = usage.getCallActivity(new UsageQuery(actor, Optional.of(customer.id()),
                PeriodSpec.of(before)));

        List<KeyFigure> figures = new ArrayList<>();
        figures.add(compared(BuiltInMetrics.get(BuiltInMeters.CALLS), BigDecimal.valueOf(current.totalCalls()),
                BigDecimal.valueOf(previous.totalCalls())));
        figures.add(compared(BuiltInMetrics.get(BuiltInMeters.COMPLETED_CALLS), BigDecimal.valueOf(current.completedCalls()),
                BigDecimal.valueOf(previous.completedCalls())));
        figures.add(compared(BuiltInMetrics.get(BuiltInMetrics.SUCCESS_RATE), current.successRate(), previous.successRate()));
        figures.add(compared(BuiltInMetrics.get(BuiltInMeters.CALL_DURATION_AVG_S), current.averageDurationS(), previous.averageDurationS()));
        Metric cost = BuiltInMetrics.get(BuiltInMeters.CALL_COST);
        TreeSet<CurrencyCode> currencies = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        current.totalCost().forEach(m -> currencies.add(m.currency()));
        previous.totalCost().forEach(m -> currencies.add(m.currency()));
        for (CurrencyCode currency : currencies) {
            BigDecimal now1 = amountIn(current.totalCost(), currency);
            BigDecimal then = amountIn(previous.totalCost(), currency);
            figures.add(KeyFigure.compared(cost.name() + " (" + currency.value() + ")", ValueType.MONEY, total(now1, currency),
                    total(then, currency), Figures.growthPercent(now1, then), cost.polarity()));
        }

        List<List<Cell>> outcomeRows = new ArrayList<>();
        List<Chart.Breakdown.Bar> outcomeBars = new ArrayList<>();
        current.callsByOutcome().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> {
                    BigDecimal calls = BigDecimal.valueOf(entry.getValue());
                    outcomeRows.add(List.of(Cell.text(entry.getKey()), Cell.number(calls),
                            Cell.number(Figures.percent(calls, BigDecimal.valueOf(current.totalCalls())))));
                    outcomeBars.add(new Chart.Breakdown.Bar(entry.getKey(), calls));
                });
        List<Block> outcomeBlocks = new ArrayList<>();
        if (!outcomeBars.isEmpty()) {
            outcomeBlocks.add(new Chart.Breakdown("Calls by outcome", ValueType.COUNT, outcomeBars));
        }
        outcomeBlocks.add(Table.of(List.of(Column.of("Outcome", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                Column.of("Share %", ValueType.PERCENT)), outcomeRows));

        List<List<Cell>> agentRows = current.agents().stream().map(agent -> List.of(Cell.text(agent.agent()), Cell.number(agent.calls()),
                Cell.number(agent.completed()), Cell.number(agent.successRate()))).toList();
        List<List<Cell>> dailyRows = current.daily().stream().map(day -> List.of(Cell.day(day.date()), Cell.number(day.calls()))).toList();
        List<Chart.TimeSeries.Point> points = current.daily().stream()
                .map(day -> new Chart.TimeSeries.Point(day.date(), BigDecimal.valueOf(day.calls()))).toList();

        List<Section> sections = List.of(
                new Section("Calls by outcome", outcomeBlocks),
                Section.of("Agent performance", Table.of(List.of(Column.of("Agent", ValueType.TEXT), Column.of("Calls", ValueType.COUNT),
                        Column.of("Completed", ValueType.COUNT), Column.of("Success rate %", ValueType.PERCENT)), agentRows)),
                Section.of("Daily calls", new Chart.TimeSeries("Calls per day", ValueType.COUNT, Chart.TimeSeries.Style.BAR,
                                Chart.TimeSeries.Granularity.DAY, points),
                        Table.of(List.of(Column.of("Date", ValueType.DATE), Column.of("Calls", ValueType.COUNT)), dailyRows)));
        return new Report(ReportType.ACTIVITY.kind(), ReportType.ACTIVITY.title(), customer.displayName(), period.from(), period.to(), period.zone(),
                now, brand(tenant), List.of(comparedWith(period)), figures, sections);
    }

    /** The tenant's signups, churn, revenue and MRR movements per currency, and MRR per month over the last 12. */
    Report billingSummary(Actor actor, Tenant tenant, BillingPeriodSpec spec, Instant now) {
        BillingSummary summary = billing.getBillingSummary(new BillingSummaryQuery(actor, spec));
        MrrSeries series = billing.getMrrSeries(new MrrSeriesQuery(actor, MrrSeriesQuery.DEFAULT_MONTHS));
        Period period = summary.period();

        List<KeyFigure> figures = new ArrayList<>();
        figures.add(figure(BuiltInMetrics.NEW_SIGNUPS, Cell.number(summary.newSignups())));
        figures.add(figure(BuiltInMetrics.CHURNED_CUSTOMERS, Cell.number(summary.churnedCustomers())));
        figures.add(figure(BuiltInMetrics.NEW_AND_CHURNED, Cell.number(summary.newAndChurned())));
        figures.add(figure(BuiltInMetrics.CUSTOMER_CHURN_RATE, Cell.number(summary.customerChurnRate().orElse(null))));
        figures.add(figure(BuiltInMetrics.PAYING_CUSTOMERS, Cell.number(summary.payingAtEnd())));
        Metric mrrMetric = BuiltInMetrics.get(BuiltInMetrics.MRR);
        for (MrrMovements mrr : summary.mrr()) {
            figures.add(KeyFigure.compared(mrrMetric.name() + " (" + mrr.currency().value() + ")", ValueType.MONEY, total(mrr.end(), mrr.currency()),
                    total(mrr.start(), mrr.currency()), Figures.growthPercent(mrr.end(), mrr.start()), mrrMetric.polarity()));
        }
        Metric netRevenue = BuiltInMetrics.get(BuiltInMetrics.NET_REVENUE);
        summary.revenue().net().forEach((currency, net) -> figures.add(KeyFigure.of(netRevenue.name() + " (" + currency.value() + ")",
                ValueType.MONEY, total(net, currency), netRevenue.polarity())));

        List<List<Cell>> revenueRows = new ArrayList<>();
        summary.revenue().gross().forEach((currency, gross) -> revenueRows.add(List.of(Cell.text(currency.value()),
                Cell.money(new Money(gross, currency)),
                Cell.money(new Money(summary.revenue().refunds().getOrDefault(currency, BigDecimal.ZERO), currency)),
                Cell.money(new Money(summary.revenue().net().getOrDefault(currency, BigDecimal.ZERO), currency)))));
        List<List<Cell>> movementRows = summary.mrr().stream().map(m -> List.of(Cell.text(m.currency().value()),
                money(m.start(), m), money(m.newMrr(), m), money(m.expansion(), m), money(m.contraction(), m), money(m.churn(), m),
                money(m.reactivation(), m), money(m.end(), m))).toList();
        List<List<Cell>> arpuRows = summary.arpu().stream().map(m -> List.of(Cell.text(m.currency().value()), Cell.money(m))).toList();

        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("Revenue", Table.of(List.of(Column.of("Currency", ValueType.TEXT), Column.of("Gross", ValueType.MONEY),
                Column.of("Refunds", ValueType.MONEY), Column.of("Net", ValueType.MONEY)), revenueRows)));
        sections.add(Section.of("MRR movements", Table.of(List.of(Column.of("Currency", ValueType.TEXT), Column.of("Start", ValueType.MONEY),
                Column.of("New", ValueType.MONEY), Column.of("Expansion", ValueType.MONEY), Column.of("Contraction", ValueType.MONEY),
                Column.of("Churn", ValueType.MONEY), Column.of("Reactivation", ValueType.MONEY), Column.of("End", ValueType.MONEY)),
                movementRows)));
        sections.add(mrrByMonth(series));
        sections.add(Section.of("ARPU", Table.of(List.of(Column.of("Currency", ValueType.TEXT), Column.of("ARPU", ValueType.MONEY)), arpuRows)));
        List<List<Cell>> planRows = new ArrayList<>();
        summary.byPlan().forEach(plan -> moneyRows(plan.mrr()).forEach(m -> planRows.add(List.of(Cell.text(plan.plan()),
                Cell.number(plan.payingCustomers()), m))));
        sections.add(Section.of("By plan", Table.of(List.of(Column.of("Plan", ValueType.TEXT), Column.of("Paying customers", ValueType.COUNT),
                Column.of("MRR", ValueType.MONEY)), planRows)));
        List<List<Cell>> countryRows = new ArrayList<>();
        summary.byCountry().forEach(country -> moneyRows(country.mrr()).forEach(m -> countryRows.add(List.of(
                Cell.text(country.country().map(c -> c.value()).orElse("(unknown)")), Cell.number(country.payingCustomers()), m,
                Cell.number(country.newSignups())))));
        sections.add(Section.of("By country", Table.of(List.of(Column.of("Country", ValueType.TEXT), Column.of("Paying customers", ValueType.COUNT),
                Column.of("MRR", ValueType.MONEY), Column.of("New signups", ValueType.COUNT)), countryRows)));

        List<String> notes = new ArrayList<>();
        if (summary.measuredUntil().isBefore(period.end())) {
            notes.add("The period has not ended: measured until "
                    + MEASURED.format(summary.measuredUntil().atZone(period.zone().zone())) + " " + period.zone().value() + ".");
        }
        notes.add("Amounts per currency, never converted. MRR movements: start + new + expansion + contraction + churn + reactivation = end.");
        notes.add("Customer churn rate: the mean of the period's calendar months' rates, each the customers paying at the month's start who"
                + " churned in it over those paying at its start; customers who started and churned inside the period are counted apart,"
                + " as new and churned.");
        return new Report(ReportType.BILLING_SUMMARY.kind(), ReportType.BILLING_SUMMARY.title(), tenant.displayName(), period.from(), period.to(),
                period.zone(), now, brand(tenant), notes, figures, sections);
    }

    private static Section mrrByMonth(MrrSeries series) {
        TreeSet<String> currencies = new TreeSet<>();
        series.months().forEach(month -> month.mrr().forEach(m -> currencies.add(m.currency().value())));
        List<Block> blocks = new ArrayList<>();
        for (String currency : currencies) {
            List<Chart.TimeSeries.Point> points = series.months().stream().map(month -> new Chart.TimeSeries.Point(month.month().atDay(1),
                    month.mrr().stream().filter(m -> m.currency().value().equals(currency)).map(MrrMovements::end).findFirst()
                            .orElse(BigDecimal.ZERO))).toList();
            blocks.add(new Chart.TimeSeries("MRR per month (" + currency + ")", ValueType.DECIMAL, Chart.TimeSeries.Style.LINE,
                    Chart.TimeSeries.Granularity.MONTH, points));
        }
        List<List<Cell>> rows = new ArrayList<>();
        series.months().forEach(month -> month.mrr().forEach(m -> rows.add(List.of(Cell.day(month.month().atDay(1)),
                Cell.text(m.currency().value()), Cell.money(new Money(m.end(), m.currency())), Cell.number(month.payingCustomers())))));
        blocks.add(Table.of(List.of(Column.of("Month", ValueType.DATE), Column.of("Currency", ValueType.TEXT),
                Column.of("MRR at month end", ValueType.MONEY), Column.of("Paying customers", ValueType.COUNT)), rows));
        return new Section("MRR by month (last " + series.months().size() + ", in " + series.timezone().value() + ")", blocks);
    }

    private static Section breakdownSection(String title, String dimension, FigureValue.Breakdown current, FigureValue.Breakdown previous) {
        TreeSet<String> labels = new TreeSet<>(current.values().keySet());
        labels.addAll(previous.values().keySet());
        List<List<Cell>> rows = new ArrayList<>();
        List<Chart.Breakdown.Bar> bars = new ArrayList<>();
        for (String label : labels) {
            BigDecimal now = current.values().getOrDefault(label, BigDecimal.ZERO);
            BigDecimal then = previous.values().getOrDefault(label, BigDecimal.ZERO);
            rows.add(List.of(Cell.text(label), Cell.number(now), Cell.number(then), Cell.number(Figures.growthPercent(now, then))));
            if (now.signum() != 0) {
                bars.add(new Chart.Breakdown.Bar(label, now));
            }
        }
        bars.sort((a, b) -> b.value().compareTo(a.value()));
        List<Block> blocks = new ArrayList<>();
        if (!bars.isEmpty()) {
            blocks.add(new Chart.Breakdown(title, ValueType.COUNT, bars));
        }
        blocks.add(Table.of(List.of(Column.of(dimension, ValueType.TEXT), Column.of("This period", ValueType.COUNT),
                Column.of("Previous period", ValueType.COUNT), Column.of("Growth %", ValueType.PERCENT)), rows));
        return new Section(title, blocks);
    }

    private static String dimensionLabel(Meter meter) {
        String name = meter.groupBy().isEmpty() ? "Value" : meter.groupBy().getFirst();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A metric's key figure against the period before: its name, unit and polarity from the catalogue. */
    private static KeyFigure compared(Metric metric, BigDecimal current, BigDecimal previous) {
        return KeyFigure.compared(metric.name(), ValueType.of(metric.unit()), Cell.number(current), Cell.number(previous),
                current == null || previous == null ? null : Figures.growthPercent(current, previous), metric.polarity());
    }

    /** A key figure of a built-in metric, not compared: its name, unit and polarity from the catalogue. */
    private static KeyFigure figure(MetricKey key, Cell value) {
        Metric metric = BuiltInMetrics.get(key);
        return KeyFigure.of(metric.name(), ValueType.of(metric.unit()), value, metric.polarity());
    }

    /** A money total as reports show it: in the currency's minor unit (USD 30.34, not 30.3375). */
    private static Cell total(BigDecimal amount, CurrencyCode currency) {
        return Cell.money(new Money(amount.setScale(Math.max(0, currency.minorUnitDigits()), RoundingMode.HALF_UP), currency));
    }

    private static BigDecimal amountIn(List<Money> amounts, CurrencyCode currency) {
        return amounts.stream().filter(m -> m.currency().equals(currency)).map(Money::amount).findFirst().orElse(BigDecimal.ZERO);
    }

    private static Cell money(BigDecimal amount, MrrMovements movements) {
        return Cell.money(new Money(amount, movements.currency()));
    }

    /** One MRR cell per currency, or a single empty one when there is none. */
    private static List<Cell> moneyRows(List<Money> amounts) {
        return amounts.isEmpty() ? List.of(Cell.EMPTY) : amounts.stream().map(Cell::money).toList();
    }

    private static String comparedWith(Period period) {
        Period before = period.previous();
        return "Compared with the " + period.days() + " days before: " + before.from() + " to " + before.to() + ".";
    }

    static Report.Brand brand(Tenant tenant) {
        return new Report.Brand(tenant.displayName(), tenant.settings().brandColour());
    }
}
