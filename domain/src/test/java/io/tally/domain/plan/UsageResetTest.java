package io.tally.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.analytics.MeterKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageResetTest {

    @Test
    void keepsItsTimesToTheMicrosecondAsTheDatabaseDoes() {
        Instant made = Instant.parse("2026-11-20T10:15:30.123456789Z");
        UsageReset reset = new UsageReset(UUID.randomUUID(), ResetType.USAGE, List.of(MeterKey.of("transcription_minutes")), "outage", "admin-1",
                "req-1", "1 customer id", made, new UsageReset.Counts(1, 0, 0), Optional.of(made.plusNanos(1_000)), Optional.of("admin-1"));
        assertThat(reset.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z"));
        assertThat(reset.revertedAt()).contains(Instant.parse("2026-11-20T10:15:30.123457Z"));
    }
}
