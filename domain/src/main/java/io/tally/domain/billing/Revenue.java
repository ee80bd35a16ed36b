package io.tally.domain.billing;

import io.tally.domain.common.CurrencyCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revenue per currency, never converted: gross is every succeeded payment made in the period, refunds every
 * refund given in the period (whenever its payment was made), and net is gross minus refunds. Failed payments
 * bring nothing. A currency with any of the three appears in all three.
 */
public record Revenue(Map<CurrencyCode, BigDecimal> gross, Map<CurrencyCode, BigDecimal> refunds, Map<CurrencyCode, BigDecimal> net) {

    public Revenue {
        gross = Collections.unmodifiableMap(gross);
        refunds = Collections.unmodifiableMap(refunds);
        net = Collections.unmodifiableMap(net);
    }

    /** Revenue over all time. */
    public static Revenue lifetime(Collection<Payment> payments) {
        return between(payments, Instant.MIN, Instant.MAX);
    }

    /** Revenue over {@code [start, end)}. */
    public static Revenue between(Collection<Payment> payments, Instant start, Instant end) {
        Map<CurrencyCode, BigDecimal> gross = byCurrency();
        Map<CurrencyCode, BigDecimal> refunds = byCurrency();
        for (Payment payment : payments) {
            if (payment.status() != PaymentStatus.SUCCEEDED) {
                continue;
            }
            CurrencyCode currency = payment.amount().currency();
            if (within(payment.paidAt(), start, end)) {
                gross.merge(currency, payment.amount().amount(), BigDecimal::add);
            }
            for (Refund refund : payment.refunds()) {
                if (within(refund.refundedAt(), start, end)) {
                    refunds.merge(currency, refund.amount().amount(), BigDecimal::add);
                }
            }
        }
        Map<CurrencyCode, BigDecimal> net = byCurrency();
        gross.keySet().forEach(currency -> net.put(currency, BigDecimal.ZERO));
        refunds.keySet().forEach(currency -> net.put(currency, BigDecimal.ZERO));
        for (CurrencyCode currency : net.keySet()) {
            gross.putIfAbsent(currency, BigDecimal.ZERO);
            refunds.putIfAbsent(currency, BigDecimal.ZERO);
            net.put(currency, gross.get(currency).subtract(refunds.get(currency)));
        }
        return new Revenue(gross, refunds, net);
    }

    private static boolean within(Instant instant, Instant start, Instant end) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    private static Map<CurrencyCode, BigDecimal> byCurrency() {
        return new TreeMap<>(Comparator.comparing(CurrencyCode::value));
    }
}
