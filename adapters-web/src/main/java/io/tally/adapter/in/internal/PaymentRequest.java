package io.tally.adapter.in.internal;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.ExternalCustomerId;
import io.tally.domain.billing.BillingId;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.PaymentStatus;
import io.tally.domain.billing.Refund;
import io.tally.domain.customer.CustomerId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** A payment with the refunds known so far (at most {@value Payment#MAX_REFUNDS}). */
@Serdeable(naming = SnakeCaseStrategy.class)
record PaymentRequest(
        @NotNull String id,
        @NotNull @ExternalCustomerId String customer,
        @NotNull @Valid MoneyRequest amount,
        @NotNull @Pattern(regexp = "succeeded|failed", message = "must be one of succeeded, failed") String status,
        @NotNull OffsetDateTime paidAt,
        @Nullable @Size(max = Payment.MAX_REFUNDS) List<@NotNull @Valid RefundRequest> refunds) {

    Payment toPayment() {
        List<Refund> given = refunds == null ? List.of()
                : refunds.stream().map(refund -> new Refund(refund.amount().toMoney(), refund.refundedAt().toInstant())).toList();
        return new Payment(BillingId.of(id), CustomerId.of(customer), amount.toMoney(), PaymentStatus.fromWireName(status),
                paidAt.toInstant(), given);
    }

    /** Money given back on the payment, and when. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record RefundRequest(@NotNull @Valid MoneyRequest amount, @NotNull OffsetDateTime refundedAt) {
    }
}
