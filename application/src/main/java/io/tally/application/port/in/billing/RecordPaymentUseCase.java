package io.tally.application.port.in.billing;

import io.tally.domain.billing.Payment;

/** Keeps a payment, merging a report of a known payment into it (see {@link Payment#mergedWith}). */
public interface RecordPaymentUseCase {

    PaymentRecorded recordPayment(RecordPaymentCommand command);

    /** What the report did to the stored payment. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** The payment as stored after the report, and what changed. */
    record PaymentRecorded(Payment payment, Outcome outcome) {
    }
}
