package io.tally.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.analytics.MeterKey;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageResetTest {

    @Test
    void keepsItsTimesToTheMicrosecondAsTheDatabaseDoes() {
        Instant made = Instant.parse("2026-11-20T10:15:30.123456789Z");
        UsageReset reset = new UsageReset(new BulkRun(UUID.randomUUID(), "outage", "admin-1", "req-1", "1 customer id", made,
                new BulkCounts(1, 0, 0), Optional.of(made.plusNanos(1_000)), Optional.of("admin-1")), ResetType.USAGE,
                List.of(MeterKey.of("transcription_minutes")));
        assertThat(reset.run().createdAt()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z"));
        assertThat(reset.run().revertedAt()).contains(Instant.parse("2026-11-20T10:15:30.123457Z"));
    }
}
