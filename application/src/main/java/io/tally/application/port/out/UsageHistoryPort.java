package io.tally.application.port.out;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** A customer's raw events for exports, read with a database cursor so any number of them fits in constant memory. */
public interface UsageHistoryPort {

    /**
     * The dimension and measure names, each in name order, carried by the event types that the customer has
     * events of in [from, to).
     */
    DataNames dataNames(TenantId tenant, CustomerId customer, Instant from, Instant to);

    /** Dimension and measure names. */
    record DataNames(List<String> dimensions, List<String> measures) {
        public DataNames {
            dimensions = List.copyOf(dimensions);
            measures = List.copyOf(measures);
        }
    }

    /** How many events the customer has in [from, to), counting no further than {@code atMost}. */
    long count(TenantId tenant, CustomerId customer, Instant from, Instant to, long atMost);

    /**
     * Hands each event of the customer in [from, to) to {@code consumer}, oldest first (then by source and
     * id), with the values of the named dimensions and measures (null where an event has none).
     */
    void forEach(TenantId tenant, CustomerId customer, Instant from, Instant to, List<String> dimensions, List<String> measures,
                 Consumer<Row> consumer);

    /** One event as exported; {@code dimensions} and {@code measures} follow the names asked for. */
    record Row(Instant occurredAt, String type, String source, String id, String[] dimensions, BigDecimal[] measures, Instant receivedAt) {
    }
}
