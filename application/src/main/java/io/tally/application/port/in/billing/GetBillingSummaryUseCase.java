package io.tally.application.port.in.billing;

/** Signups, churn, revenue, MRR and its movements, ARPU, and the breakdowns by plan and country, over a period. */
public interface GetBillingSummaryUseCase {

    BillingSummary getBillingSummary(BillingSummaryQuery query);
}
