package io.tally.adapter.in.web.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.adapter.in.web.PeriodResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.CustomerResponse;
import io.tally.adapter.in.http.MoneyResponse;
import io.tally.adapter.in.http.SubscriptionResponse;
import io.tally.application.port.in.billing.BillingSummary;
import io.tally.application.port.in.billing.CustomerBilling;
import io.tally.application.port.in.billing.MrrSeries;
import io.tally.domain.billing.MrrMovements;
import io.tally.domain.billing.Revenue;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The billing API's response bodies. Every amount is a list of money, one entry per currency, in currency order. */
final class BillingResponses {

    private BillingResponses() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SummaryResponse(PeriodResponse period, Instant measuredUntil, long newSignups, long churnedCustomers, long newAndChurned,
                           long payingCustomersAtStart, long payingCustomersAtEnd, @Nullable BigDecimal customerChurnRate,
                           RevenueResponse totalRevenue, MrrResponse mrr, List<MoneyResponse> arpu, List<PlanResponse> byPlan,
                           List<CountryResponse> byCountry) {

        static SummaryResponse of(BillingSummary summary) {
            return new SummaryResponse(PeriodResponse.of(summary.period()), summary.measuredUntil(), summary.newSignups(),
                    summary.churnedCustomers(), summary.newAndChurned(), summary.payingAtStart(), summary.payingAtEnd(),
                    summary.customerChurnRate().orElse(null),
                    RevenueResponse.of(summary.revenue()), MrrResponse.of(summary.mrr()), MoneyResponse.list(summary.arpu()),
                    summary.byPlan().stream().map(plan -> new PlanResponse(plan.plan(), plan.payingCustomers(), MoneyResponse.list(plan.mrr())))
                            .toList(),
                    summary.byCountry().stream().map(country -> new CountryResponse(country.country().map(CountryCode::value).orElse(null),
                            country.payingCustomers(), MoneyResponse.list(country.mrr()), country.newSignups())).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RevenueResponse(List<MoneyResponse> gross, List<MoneyResponse> refunds, List<MoneyResponse> net) {

        static RevenueResponse of(Revenue revenue) {
            return new RevenueResponse(money(revenue.gross()), money(revenue.refunds()), money(revenue.net()));
        }

        private static List<MoneyResponse> money(Map<CurrencyCode, BigDecimal> amounts) {
            return amounts.entrySet().stream().map(entry -> MoneyResponse.of(new Money(entry.getValue(), entry.getKey()))).toList();
        }
    }

    /** MRR at the start and end and its movements, each a list of money per currency; contraction and churn are negative. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MrrResponse(List<MoneyResponse> start, List<MoneyResponse> end, @JsonProperty("new") List<MoneyResponse> newMrr,
                       List<MoneyResponse> expansion, List<MoneyResponse> contraction, List<MoneyResponse> churn,
                       List<MoneyResponse> reactivation) {

        static MrrResponse of(List<MrrMovements> movements) {
            return new MrrResponse(each(movements, MrrMovements::start), each(movements, MrrMovements::end),
                    each(movements, MrrMovements::newMrr), each(movements, MrrMovements::expansion),
                    each(movements, MrrMovements::contraction), each(movements, MrrMovements::churn),
                    each(movements, MrrMovements::reactivation));
        }

        private static List<MoneyResponse> each(List<MrrMovements> movements, Function<MrrMovements, BigDecimal> amount) {
            return movements.stream().map(moved -> MoneyResponse.of(new Money(amount.apply(moved), moved.currency()))).toList();
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PlanResponse(String plan, long payingCustomers, List<MoneyResponse> mrr) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CountryResponse(@Nullable String country, long payingCustomers, List<MoneyResponse> mrr, long newSignups) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MrrSeriesResponse(String timezone, List<MonthResponse> months) {

        static MrrSeriesResponse of(MrrSeries series) {
            return new MrrSeriesResponse(series.timezone().value(), series.months().stream()
                    .map(month -> new MonthResponse(month.month().toString(), month.start(), month.measuredUntil(),
                            MrrResponse.of(month.mrr()), month.payingCustomers())).toList());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MonthResponse(String month, Instant start, Instant measuredUntil, MrrResponse mrr, long payingCustomers) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CustomerBillingResponse(CustomerResponse profile, @Nullable @Schema(type = "object") SubscriptionResponse subscription,
                                   @Nullable @Schema(type = "object") MoneyResponse subscriptionMrr, List<MoneyResponse> mrr, RevenueResponse lifetimeRevenue) {

        static CustomerBillingResponse of(CustomerBilling billing) {
            return new CustomerBillingResponse(CustomerResponse.of(billing.customer()),
                    billing.subscription().map(SubscriptionResponse::of).orElse(null),
                    billing.subscriptionMrr().map(MoneyResponse::of).orElse(null), MoneyResponse.list(billing.mrr()),
                    RevenueResponse.of(billing.lifetime()));
        }
    }
}
