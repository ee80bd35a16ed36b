package io.tally.domain.delivery;

import io.tally.domain.common.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How long a failed delivery waits before each retry: {@code 1m,5m,30m,2h} is a first attempt and four retries, 5
 * attempts in all, after which the delivery has failed. Each wait is a number and a unit: {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d}.
 */
public record RetryBackoff(List<Duration> waits) {

    private static final Pattern WAIT = Pattern.compile("(\\d{1,6})(ms|s|m|h|d)");
    public static final RetryBackoff DEFAULT = parse("1m,5m,30m,2h");

    public RetryBackoff {
        waits = List.copyOf(waits);
        if (waits.size() > 20) {
            throw new InvalidValueException("retry_backoff", "takes at most 20 waits");
        }
    }

    public static RetryBackoff parse(String text) {
        List<Duration> waits = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                Matcher matcher = WAIT.matcher(part.strip());
                if (!matcher.matches()) {
                    throw new InvalidValueException("retry_backoff", "'" + part.strip() + "' is not a wait such as 30s, 5m or 2h");
                }
                long amount = Long.parseLong(matcher.group(1));
                waits.add(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
        }
        return new RetryBackoff(waits);
    }

    /** Attempts in all: the first and one per wait. */
    public int maxAttempts() {
        return waits.size() + 1;
    }

    /** How long to wait after attempt {@code attempt} (1 is the first) failed; empty when it was the last. */
    public Optional<Duration> after(int attempt) {
        return attempt >= 1 && attempt <= waits.size() ? Optional.of(waits.get(attempt - 1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return waits.stream().map(Duration::toString).collect(Collectors.joining(","));
    }
}
