package io.tally.domain.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.ConflictException;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentTest {

    static final Instant PAID = Instant.parse("2026-03-01T09:00:00Z");

    static Payment payment(PaymentStatus status, Refund... refunds) {
        return new Payment(BillingId.of("p"), CustomerId.of("c"), Money.of("100.00", "USD"), status, PAID, List.of(refunds));
    }

    static Refund refund(String amount, String at) {
        return new Refund(Money.of(amount, "USD"), Instant.parse(at));
    }

    @Test
    void reportsMergeToTheSamePaymentInAnyOrder() {
        Payment failed = payment(PaymentStatus.FAILED);
        Payment succeeded = payment(PaymentStatus.SUCCEEDED);
        Payment refunded = payment(PaymentStatus.SUCCEEDED, refund("30", "2026-03-05T00:00:00Z"));
        Payment refundedTwice = payment(PaymentStatus.SUCCEEDED, refund("30.00", "2026-03-05T00:00:00Z"), refund("20", "2026-03-06T00:00:00Z"));
        List<Payment> reports = List.of(failed, succeeded, refunded, refundedTwice);
        Payment forward = reports.stream().reduce(Payment::mergedWith).orElseThrow();
        Payment backward = reports.reversed().stream().reduce(Payment::mergedWith).orElseThrow();
        assertThat(forward.sameFactsAs(backward)).isTrue();
        assertThat(forward.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        // 30 (reported twice, once as 30.00) + 20
        assertThat(forward.refunded()).isEqualByComparingTo("50");
    }

    @Test
    void theAmountOfAPaymentCannotChange() {
        Payment other = new Payment(BillingId.of("p"), CustomerId.of("c"), Money.of("90.00", "USD"), PaymentStatus.SUCCEEDED, PAID, List.of());
        assertThatThrownBy(() -> payment(PaymentStatus.SUCCEEDED).mergedWith(other)).isInstanceOf(ConflictException.class);
    }
}
