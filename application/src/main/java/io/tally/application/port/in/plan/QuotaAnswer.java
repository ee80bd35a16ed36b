package io.tally.application.port.in.plan;

import io.tally.domain.plan.Enforcement;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The answer to a quota check. Without a limit on the meter (no plan, or the plan does not limit it) the
 * usage is allowed and {@code limit}, {@code remaining} and {@code periodEnd} are empty. {@code remaining} is
 * what is left after this call: after the reserved amount when {@code reserved}.
 */
public record QuotaAnswer(boolean allowed, Optional<BigDecimal> remaining, Optional<BigDecimal> limit, Optional<Instant> periodEnd,
                          Optional<Enforcement> enforcement, Optional<BigDecimal> used, boolean reserved) {
}
