package io.tally.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.RecordUsageUseCase;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.UsageEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiCallRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:05Z"), ZoneOffset.UTC);

    /** Fails as long as {@code down} is true; keeps what it stored, in order. */
    private static final class Store implements RecordUsageUseCase {
        boolean down;
        int attempts;
        final List<String> stored = new ArrayList<>();

        @Override
        public void recordUsage(RecordUsageCommand command) {
            attempts++;
            if (down) {
                throw new IllegalStateException("database unreachable");
            }
            command.events().forEach(event -> stored.add(command.tenant() + ":" + event.key().id()));
        }
    }

    private static UsageEvent call(String id) {
        return new UsageEvent(new EventKey("tally", id), EventType.API_CALL, Optional.empty(), Instant.parse("2026-11-22T10:00:00Z"),
                true, EventData.empty());
    }

    @Test
    void aFailedWriteKeepsTheEventsInOrderPausesAndTheyAreWrittenLater() {
        Store store = new Store();
        ApiCallRecorder recorder = new ApiCallRecorder(store, CLOCK);
        recorder.enqueue(TenantId.of("a"), call("1"));
        recorder.enqueue(TenantId.of("b"), call("2"));
        recorder.enqueue(TenantId.of("a"), call("3"));
        store.down = true;

        recorder.flush();
        int attemptsAfterFailure = store.attempts;
        recorder.flush();

        assertThat(recorder.queued()).isEqualTo(3);
        assertThat(store.attempts).as("paused after the failure").isEqualTo(attemptsAfterFailure);

        store.down = false;
        recorder.close();

        assertThat(store.stored).containsExactly("a:1", "a:3", "b:2");
        assertThat(recorder.queued()).isZero();
    }

    @Test
    void closingWhileTheDatabaseIsDownGivesUpWithinItsTimeLimit() {
        Store store = new Store();
        store.down = true;
        ApiCallRecorder recorder = new ApiCallRecorder(store, CLOCK);
        recorder.enqueue(TenantId.of("a"), call("1"));

        long started = System.nanoTime();
        recorder.close();

        assertThat((System.nanoTime() - started) / 1_000_000_000.0).isLessThan(ApiCallRecorder.CLOSE_SECONDS + 1);
        assertThat(recorder.queued()).isEqualTo(1);
    }
}
