package io.tally.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void theDefaultIsFiveAttemptsWaitingOneFiveThirtyMinutesThenTwoHours() {
        RetryBackoff backoff = RetryBackoff.DEFAULT;
        assertThat(backoff.maxAttempts()).isEqualTo(5);
        assertThat(backoff.after(1)).contains(Duration.ofMinutes(1));
        assertThat(backoff.after(2)).contains(Duration.ofMinutes(5));
        assertThat(backoff.after(3)).contains(Duration.ofMinutes(30));
        assertThat(backoff.after(4)).contains(Duration.ofHours(2));
        assertThat(backoff.after(5)).isEmpty();
    }

    @Test
    void readsEveryUnitAndAnEmptyListIsOneAttempt() {
        assertThat(RetryBackoff.parse("250ms, 1s,2m ,3h,1d").waits()).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1),
                Duration.ofMinutes(2), Duration.ofHours(3), Duration.ofDays(1));
        assertThat(RetryBackoff.parse("").maxAttempts()).isEqualTo(1);
        assertThat(RetryBackoff.parse("1s").after(1)).isEqualTo(Optional.of(Duration.ofSeconds(1)));
    }

    @Test
    void refusesWhatIsNotAWait() {
        assertThatThrownBy(() -> RetryBackoff.parse("1m,soon")).hasMessage("'soon' is not a wait such as 30s, 5m or 2h");
        assertThatThrownBy(() -> RetryBackoff.parse("5 minutes")).hasMessageContaining("'5 minutes'");
    }
}
