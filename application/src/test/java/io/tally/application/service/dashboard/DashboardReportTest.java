package io.tally.application.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.dashboard.DashboardData;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Bucket;
import io.tally.domain.analytics.BucketSize;
import io.tally.domain.analytics.Period;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Money;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Position;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetAnswer;
import io.tally.domain.dashboard.WidgetSource;
import io.tally.domain.dashboard.WidgetType;
import io.tally.domain.dashboard.WidgetValue;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Visibility;
import io.tally.domain.report.Block;
import io.tally.domain.report.Cell;
import io.tally.domain.report.Chart;
import io.tally.domain.report.Column;
import io.tally.domain.report.KeyFigure;
import io.tally.domain.report.Report;
import io.tally.domain.report.ReportKind;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import io.tally.domain.report.ValueType;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetAssessment;
import io.tally.domain.target.TargetComparison;
import io.tally.domain.target.TargetPeriod;
import io.tally.domain.target.TargetProjection;
import io.tally.domain.target.TargetStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A dashboard's answers as a report, built by hand: the widgets in reading order, cards as key figures (money in its
 * currency, to the metric's decimals), targets in a table, charts grouped by unit (several series of one unit on one
 * chart) with their figures, a table split by currency with amounts, a failed widget as a note, and a widget over
 * another period saying so.
 */
class DashboardReportTest {

    static final Instant NOW = Instant.parse("2026-11-04T12:00:00Z");
    static final TimeZoneId UTC = TimeZoneId.UTC;
    /** Three days, 2 to 4 November (today). */
    static final Period DAYS = new Period(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 4), UTC);
    static final Period YEAR = new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 11, 4), UTC);

    static Widget widget(String id, String title, WidgetType type, int x, int y, Optional<BigDecimal> target) {
        return new Widget(id, title, type, new WidgetSource.Inline(QueryTemplate.of(Map.of("metric", "calls"), "query")), target,
                new Position(x, y, 3, 2));
    }

    static List<Bucket> days() {
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant start = DAYS.from().plusDays(i).atStartOfDay(UTC.zone()).toInstant();
            buckets.add(new Bucket(start, start.plusSeconds(86_400), DAYS.from().plusDays(i).toString()));
        }
        return buckets;
    }

    static WidgetValue.ChartSeries series(String metric, String name, MetricUnit unit, Map<String, String> key, Integer... values) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (Integer value : values) {
            numbers.add(value == null ? null : BigDecimal.valueOf(value));
        }
        return new WidgetValue.ChartSeries(metric, name, unit, Polarity.HIGHER_IS_BETTER, Optional.empty(), key, numbers);
    }

    static WidgetAnswer answered(Widget widget, WidgetValue value, Period period) {
        return new WidgetAnswer.Answered(widget, value, period, NOW, false);
    }

    final Widget cost = widget("cost", "Cost per call", WidgetType.METRIC_CARD, 3, 0, Optional.empty());
    final Widget calls = widget("calls", "Calls", WidgetType.METRIC_CARD, 0, 0, Optional.of(BigDecimal.TEN));
    final Widget perDay = widget("per-day", "Per day", WidgetType.BAR, 0, 2, Optional.empty());
    final Widget broken = widget("broken", "Broken", WidgetType.PIE, 6, 0, Optional.empty());
    final Widget plans = widget("plans", "Plans", WidgetType.TABLE, 3, 2, Optional.empty());
    final Widget mrr = widget("mrr", "MRR this year", WidgetType.METRIC_CARD, 9, 0, Optional.empty());

    Report report(List<WidgetAnswer> answers) {
        Actor analyst = Actor.user(TenantId.of("acme-corp"), "ana", Role.ANALYST.withIncluded(), CustomerScope.all(), "r");
        List<Widget> widgets = answers.stream().map(WidgetAnswer::widget).toList();
        Dashboard dashboard = Dashboard.create(UUID.randomUUID(), analyst, new Dashboard.Definition("Board", Optional.of("What we watch"),
                Visibility.PRIVATE, List.of(), Optional.empty(), widgets), NOW);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("customer", "acme");
        filters.put("plan", null);
        return DashboardReport.of(new DashboardData(dashboard, filters, answers), Tenant.create(TenantId.of("acme-corp"), NOW), Optional.empty(),
                NOW);
    }

    List<WidgetAnswer> answers() {
        // listed out of reading order: the report puts them top to bottom, left to right
        return List.of(
                answered(perDay, new WidgetValue.Chart(BucketSize.DAY, days(), List.of(
                        series("calls", "Calls", MetricUnit.COUNT, Map.of(), 5, 0, 7),
                        series("completed_calls", "Completed calls", MetricUnit.COUNT, Map.of(), 4, null, 6),
                        series("call_cost", "Call cost", MetricUnit.MONEY, Map.of("currency", "EUR"), 2, 0, 3))), DAYS),
                answered(cost, new WidgetValue.Single("cost_per_call", "Cost per call", MetricUnit.MONEY, Polarity.LOWER_IS_BETTER, Optional.of(4),
                        Map.of("currency", "EUR"), new BigDecimal("0.049"), new BigDecimal("0.0525"), new BigDecimal("-6.67"), Optional.empty(),
                        Optional.empty(), List.of()), DAYS),
                answered(calls, new WidgetValue.Single("calls", "Calls", MetricUnit.COUNT, Polarity.HIGHER_IS_BETTER, Optional.empty(), Map.of(),
                        BigDecimal.valueOf(12), BigDecimal.valueOf(8), new BigDecimal("50.00"), Optional.of(BigDecimal.TEN),
                        Optional.of(new BigDecimal("120.00")), List.of(new TargetAssessment(new MetricTarget(MetricKey.of("calls"), Optional.empty(),
                        TargetPeriod.WEEK, TargetComparison.AT_LEAST, BigDecimal.valueOf(100), Optional.empty()), LocalDate.of(2026, 11, 2),
                        LocalDate.of(2026, 11, 9), 5, Optional.of(12.0), Optional.of(new TargetProjection(96.5, 80, 110, 4000, TargetStatus.AT_RISK)),
                        Optional.empty()))), DAYS),
                new WidgetAnswer.Failed(broken, new InvalidValueException("metric", "'ana_calls' is not a metric of this tenant")),
                answered(plans, new WidgetValue.Table(List.of(
                        new WidgetValue.TableColumn("plan", "plan", Optional.empty(), Optional.empty(), Optional.empty()),
                        new WidgetValue.TableColumn("currency", "currency", Optional.empty(), Optional.empty(), Optional.empty()),
                        new WidgetValue.TableColumn("paying_customers", "Paying customers", Optional.of(MetricUnit.COUNT),
                                Optional.of(Polarity.HIGHER_IS_BETTER), Optional.empty()),
                        new WidgetValue.TableColumn("mrr", "MRR", Optional.of(MetricUnit.MONEY), Optional.of(Polarity.HIGHER_IS_BETTER),
                                Optional.empty())),
                        List.of(List.of("team", "EUR", BigDecimal.valueOf(2), new BigDecimal("792")),
                                List.of("team", "USD", BigDecimal.valueOf(2), new BigDecimal("149.5")))), DAYS),
                answered(mrr, new WidgetValue.Single("mrr", "MRR", MetricUnit.MONEY, Polarity.HIGHER_IS_BETTER, Optional.empty(),
                        Map.of("currency", "USD"), new BigDecimal("821"), null, null, Optional.empty(), Optional.empty(), List.of()), YEAR));
    }

    @Test
    void cardsAreKeyFiguresInReadingOrderWithMoneyInItsCurrency() {
        Report report = report(answers());

        assertThat(report.kind()).isEqualTo(ReportKind.DASHBOARD);
        assertThat(report.title()).isEqualTo("Board");
        assertThat(report.subject()).isEqualTo("acme-corp");
        // most widgets cover the three days: the report's period; the year-long card says its own
        assertThat(report.from()).isEqualTo(DAYS.from());
        assertThat(report.to()).isEqualTo(DAYS.to());
        assertThat(report.keyFigures()).extracting(KeyFigure::label)
                .containsExactly("Calls", "Cost per call (EUR)", "MRR this year (2026-01-01 to 2026-11-04) (USD)");
        KeyFigure perCall = report.keyFigures().get(1);
        // four decimals, as the metric says: 0.049 is shown as 0.0490
        assertThat(perCall.value()).isEqualTo(Cell.money(Money.of("0.0490", "EUR")));
        assertThat(perCall.type()).isEqualTo(ValueType.MONEY);
        assertThat(perCall.growthPct()).contains(new BigDecimal("-6.67"));
        assertThat(perCall.polarity()).isEqualTo(Polarity.LOWER_IS_BETTER);
        KeyFigure yearly = report.keyFigures().get(2);
        assertThat(yearly.previous()).as("not compared").isEmpty();
        assertThat(((Cell.Amount) yearly.value()).value().amountText()).isEqualTo("821.00");
    }

    @Test
    void notesSayTheFiltersThePeriodNotOverAndTheWidgetThatFailed() {
        Report report = report(answers());

        assertThat(report.notes()).containsExactly("What we watch", "Filters: customer acme.",
                "The period has not ended: measured until 2026-11-04 12:00 UTC.", "Key figures are compared with the period of the same length before.",
                "'Broken' could not be answered: metric: 'ana_calls' is not a metric of this tenant");
    }

    @Test
    void aTargetIsARowOfTheTargetsTable() {
        Section targets = report(answers()).sections().getFirst();

        assertThat(targets.title()).isEqualTo("Targets");
        // 12 calls of a target of 10: 120.00 %
        // and the metric's weekly target: 96.5 projected calls, shown as 97 of 100, 97.00 %, at risk
        assertThat(((Table) targets.blocks().getFirst()).rows()).containsExactly(List.of(Cell.text("Calls"), Cell.text("count"),
                Cell.number(BigDecimal.valueOf(12)), Cell.number(BigDecimal.TEN), Cell.number(new BigDecimal("120.00")), Cell.text("")),
                List.of(Cell.text("Calls, week from 2026-11-02 (projected, ≥ target)"), Cell.text("count"), Cell.number(BigDecimal.valueOf(97)),
                        Cell.number(BigDecimal.valueOf(100)), Cell.number(new BigDecimal("97.00")), Cell.text("at risk")));
    }

    @Test
    void aChartHasAChartPerUnitAndATableOfEveryValue() {
        Section perDaySection = report(answers()).sections().get(1);
        assertThat(perDaySection.title()).isEqualTo("Per day");
        List<Block> blocks = perDaySection.blocks();

        Chart.MultiSeries counts = (Chart.MultiSeries) blocks.get(0);
        assertThat(counts.title()).isEqualTo("Calls, Completed calls");
        assertThat(counts.style()).isEqualTo(Chart.TimeSeries.Style.BAR);
        assertThat(counts.series()).extracting(Chart.MultiSeries.Series::label).containsExactly("Calls", "Completed calls");
        assertThat(counts.series().get(1).values()).containsExactly(BigDecimal.valueOf(4), null, BigDecimal.valueOf(6));
        Chart.TimeSeries money = (Chart.TimeSeries) blocks.get(1);
        assertThat(money.title()).isEqualTo("Call cost (EUR)");
        assertThat(money.type()).as("plotted as numbers, the currency in the title").isEqualTo(ValueType.DECIMAL);

        Table table = (Table) blocks.get(2);
        assertThat(table.columns()).extracting(Column::name).containsExactly("Day", "Calls", "Completed calls", "Call cost (EUR)");
        assertThat(table.columns().get(3).type()).isEqualTo(ValueType.MONEY);
        assertThat(table.rows().get(1)).containsExactly(Cell.day(LocalDate.of(2026, 11, 3)), Cell.number(BigDecimal.ZERO), Cell.EMPTY,
                Cell.money(Money.of("0.00", "EUR")));
    }

    @Test
    void aTableSplitByCurrencyShowsAmounts() {
        Section plansSection = report(answers()).sections().get(2);

        assertThat(plansSection.title()).isEqualTo("Plans");
        Table table = (Table) plansSection.blocks().getFirst();
        assertThat(table.columns()).extracting(Column::name).containsExactly("Plan", "Currency", "Paying customers", "MRR");
        assertThat(table.rows().get(1)).containsExactly(Cell.text("team"), Cell.text("USD"), Cell.number(BigDecimal.valueOf(2)),
                Cell.money(Money.of("149.50", "USD")));
    }

    @Test
    void manySeriesAreListedARowPerBucketAndSeries() {
        List<WidgetValue.ChartSeries> outcomes = new ArrayList<>();
        for (String outcome : List.of("completed", "busy", "failed", "voicemail")) {
            outcomes.add(series("calls", "Calls", MetricUnit.COUNT, Map.of("outcome", outcome), 1, 2, 3));
        }
        Report report = report(List.of(answered(perDay, new WidgetValue.Chart(BucketSize.DAY, days(), outcomes), DAYS)));

        List<Block> blocks = report.sections().getFirst().blocks();
        Chart.MultiSeries chart = (Chart.MultiSeries) blocks.getFirst();
        assertThat(chart.title()).isEqualTo("Calls");
        assertThat(chart.series()).extracting(Chart.MultiSeries.Series::label).containsExactly("completed", "busy", "failed", "voicemail");
        Table table = (Table) blocks.get(1);
        assertThat(table.columns()).extracting(Column::name).containsExactly("Day", "Series", "Value");
        // 3 days × 4 outcomes
        assertThat(table.rows()).hasSize(12);
        assertThat(table.rows().get(5)).containsExactly(Cell.day(LocalDate.of(2026, 11, 3)), Cell.text("Calls (busy)"),
                Cell.number(BigDecimal.valueOf(2)));
    }
}
