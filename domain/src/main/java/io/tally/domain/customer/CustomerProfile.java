package io.tally.domain.customer;

import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the tenant's product tells Tally about a customer. Everything but the status may be unknown: a
 * customer first seen in a usage event has only its id until its profile arrives.
 */
public record CustomerProfile(
        Optional<String> displayName,
        Optional<TimeZoneId> timezone,
        Optional<CountryCode> country,
        Optional<CurrencyCode> currency,
        Optional<String> plan,
        Optional<Instant> signedUpAt,
        CustomerStatus status) {

    public static final int DISPLAY_NAME_MAX_LENGTH = 200;
    public static final int PLAN_MAX_LENGTH = 100;
    private static final Pattern PLAN_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    public CustomerProfile {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(signedUpAt, "signedUpAt");
        Objects.requireNonNull(status, "status");
        displayName.ifPresent(name -> Text.requireLabel(name, "display name", DISPLAY_NAME_MAX_LENGTH));
        plan.ifPresent(CustomerProfile::requirePlanKey);
    }

    /** The profile of a customer known only by its id. */
    public static CustomerProfile minimal() {
        return new CustomerProfile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), CustomerStatus.ACTIVE);
    }

    public static boolean isValidPlanKey(String plan) {
        return plan != null && plan.length() <= PLAN_MAX_LENGTH && PLAN_KEY.matcher(plan).matches();
    }

    private static void requirePlanKey(String plan) {
        if (!isValidPlanKey(plan)) {
            throw new InvalidValueException(
                    "'" + plan + "' is not a plan key (1-" + PLAN_MAX_LENGTH + " letters, digits, '.', '_', ':' or '-')");
        }
    }
}
