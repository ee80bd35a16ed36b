package io.tally.domain.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkTest {

    static final BulkRun RUN = BulkRun.started(UUID.randomUUID(), "promotion", "ada", "req-1", "2 customer ids",
            Instant.parse("2026-12-03T10:00:00.123456789Z"));

    @Test
    void idsCountOnceInTheOrderFirstGiven() {
        CustomerSelection.Ids ids = new CustomerSelection.Ids(List.of(CustomerId.of("b"), CustomerId.of("a"), CustomerId.of("b")));

        assertThat(ids.ids()).extracting(CustomerId::value).containsExactly("b", "a");
        assertThat(ids.scope()).isEqualTo("2 customer ids");
        assertThat(new CustomerSelection.Ids(List.of(CustomerId.of("a"))).scope()).isEqualTo("1 customer id");
        assertThat(new CustomerSelection.OnPlan("basic").scope()).isEqualTo("plan basic");
        assertThatThrownBy(() -> new CustomerSelection.Ids(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsOutcomesByStatus() {
        List<BulkOutcome> outcomes = List.of(new BulkOutcome("a", BulkOutcome.Status.APPLIED, Optional.empty()),
                new BulkOutcome("b", BulkOutcome.Status.SKIPPED, Optional.of("already on plan gold")),
                new BulkOutcome("c", BulkOutcome.Status.NOT_FOUND, Optional.empty()),
                new BulkOutcome("d", BulkOutcome.Status.APPLIED, Optional.empty()));

        assertThat(BulkCounts.of(outcomes)).isEqualTo(new BulkCounts(2, 1, 1));
    }

    @Test
    void aRunKeepsItsTimeToTheMicrosecondAndStartsWithoutCounts() {
        assertThat(RUN.createdAt()).isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
        assertThat(RUN.counts()).isEqualTo(BulkCounts.NONE);
        assertThat(RUN.withCounts(new BulkCounts(1, 0, 0)).counts().applied()).isEqualTo(1);
    }

    @Test
    void aCustomerChangeSetsAPlanAStatusOrBoth() {
        assertThat(new CustomerChange(RUN, Optional.empty(), Optional.of(CustomerStatus.SUSPENDED), Optional.empty()).status())
                .contains(CustomerStatus.SUSPENDED);
        assertThatThrownBy(() -> new CustomerChange(RUN, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustomerChange(RUN, Optional.of("not a key"), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
