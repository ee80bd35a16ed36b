package io.tally.domain.billing;

import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Money;
import io.tally.domain.customer.CustomerId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A payment as the billing system reported it, with the refunds known so far.
 *
 * <p>Payments are sent again whenever they change (a refund arrives as an update of the same payment) and
 * may be replayed in any order, so {@link #mergedWith} only ever adds: the status moves from failed to
 * succeeded and never back, and refunds accumulate. Whatever order the reports arrive in, the result is the
 * same. The customer, amount and payment time are facts of the payment and cannot change.
 */
public record Payment(BillingId id, CustomerId customer, Money amount, PaymentStatus status, Instant paidAt, List<Refund> refunds) {

    public static final int MAX_REFUNDS = 100;
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        paidAt = Times.micros(Objects.requireNonNull(paidAt, "paidAt"));
        refunds = List.copyOf(new TreeSet<>(refunds));
        requireCents(amount, "amount.amount");
        if (amount.amount().signum() <= 0) {
            throw new InvalidValueException("amount.amount", "must be greater than 0");
        }
        if (amount.amount().compareTo(MAX_AMOUNT) >= 0) {
            throw new InvalidValueException("amount.amount", "must be below " + MAX_AMOUNT.toPlainString());
        }
        if (refunds.size() > MAX_REFUNDS) {
            throw new InvalidValueException("refunds", "a payment has at most " + MAX_REFUNDS + " refunds");
        }
        BigDecimal refunded = BigDecimal.ZERO;
        for (Refund refund : refunds) {
            requireCents(refund.amount(), "refunds.amount.amount");
            if (refund.amount().amount().signum() <= 0) {
                throw new InvalidValueException("refunds.amount.amount", "must be greater than 0");
            }
            if (!refund.amount().currency().equals(amount.currency())) {
                throw new InvalidValueException("refunds.amount.currency",
                        "must be the payment's currency, " + amount.currency().value());
            }
            if (refund.refundedAt().isBefore(paidAt)) {
                throw new InvalidValueException("refunds.refunded_at", "must not be before paid_at");
            }
            refunded = refunded.add(refund.amount().amount());
        }
        if (!refunds.isEmpty() && status != PaymentStatus.SUCCEEDED) {
            throw new InvalidValueException("refunds", "only a succeeded payment can be refunded");
        }
        if (refunded.compareTo(amount.amount()) > 0) {
            throw new InvalidValueException("refunds", "refunds total " + refunded.toPlainString()
                    + ", more than the payment's " + amount.amount().toPlainString());
        }
    }

    /** This payment with what {@code report} adds to it; a conflict when the report contradicts its facts. */
    public Payment mergedWith(Payment report) {
        if (!id.equals(report.id)) {
            throw new IllegalArgumentException("not the same payment");
        }
        if (!customer.equals(report.customer)) {
            throw new ConflictException("payment " + id.value() + " belongs to customer " + customer.value() + ", not " + report.customer.value());
        }
        if (amount.amount().compareTo(report.amount.amount()) != 0 || !amount.currency().equals(report.amount.currency())) {
            throw new ConflictException("payment " + id.value() + " is of " + amount.amountText() + " " + amount.currency().value()
                    + "; its amount cannot change");
        }
        if (!paidAt.equals(report.paidAt)) {
            throw new ConflictException("payment " + id.value() + " was made at " + paidAt + "; its time cannot change");
        }
        PaymentStatus merged = status == PaymentStatus.SUCCEEDED || report.status == PaymentStatus.SUCCEEDED
                ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
        TreeSet<Refund> allRefunds = new TreeSet<>(refunds);
        allRefunds.addAll(report.refunds);
        return new Payment(id, customer, amount, merged, paidAt, List.copyOf(allRefunds));
    }

    /** Whether the other payment says nothing this one does not (amounts compared by value). */
    public boolean sameFactsAs(Payment other) {
        return id.equals(other.id) && customer.equals(other.customer) && amount.amount().compareTo(other.amount.amount()) == 0
                && amount.currency().equals(other.amount.currency()) && status == other.status && paidAt.equals(other.paidAt)
                && refunds.equals(other.refunds);
    }

    public BigDecimal refunded() {
        return refunds.stream().map(refund -> refund.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void requireCents(Money money, String field) {
        if (money.amount().stripTrailingZeros().scale() > money.currency().minorUnitDigits()) {
            throw new InvalidValueException(field, "has more decimal places than " + money.currency().value() + " has ("
                    + money.currency().minorUnitDigits() + ")");
        }
    }
}
