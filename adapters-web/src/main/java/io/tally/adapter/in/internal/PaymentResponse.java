package io.tally.adapter.in.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.MoneyResponse;
import io.tally.application.port.in.billing.RecordPaymentUseCase.PaymentRecorded;
import io.tally.domain.billing.Payment;
import io.tally.domain.billing.PaymentStatus;
import io.tally.domain.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A payment as stored after a report, with what the report changed; {@code net} is 0 for a failed payment ({@code created}, {@code updated}, {@code unchanged}). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PaymentResponse(String id, String customer, MoneyResponse amount, String status, Instant paidAt, List<RefundResponse> refunds,
                       MoneyResponse refunded, MoneyResponse net, String recorded) {

    static PaymentResponse of(PaymentRecorded recorded) {
        Payment payment = recorded.payment();
        Money refunded = new Money(payment.refunded(), payment.amount().currency());
        Money net = new Money(payment.status() == PaymentStatus.SUCCEEDED ? payment.amount().amount().subtract(payment.refunded())
                : BigDecimal.ZERO, payment.amount().currency());
        return new PaymentResponse(payment.id().value(), payment.customer().value(), MoneyResponse.of(payment.amount()),
                payment.status().wireName(), payment.paidAt(),
                payment.refunds().stream().map(refund -> new RefundResponse(MoneyResponse.of(refund.amount()), refund.refundedAt())).toList(),
                MoneyResponse.of(refunded), MoneyResponse.of(net), recorded.outcome().name().toLowerCase(Locale.ROOT));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record RefundResponse(MoneyResponse amount, Instant refundedAt) {
    }
}
