package io.tally.domain.privacy;

import io.tally.domain.common.CountryCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerProfile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A rectification's corrections of a customer's personal profile fields (GDPR Art. 16): {@code display_name},
 * {@code country} and {@code timezone}, each a new value or {@code null} to clear it. Fields not named stay as they are.
 */
public record ProfileCorrection(Map<String, Optional<String>> fields) {

    public static final Set<String> FIELDS = Set.of("display_name", "country", "timezone");

    public ProfileCorrection {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new InvalidValueException("changes", "names no field; a rectification corrects display_name, country or timezone");
        }
        Map<String, Optional<String>> copy = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (!FIELDS.contains(field)) {
                throw new InvalidValueException("changes." + field, "is not a profile field a rectification corrects; they are display_name, country, timezone");
            }
            value.ifPresent(text -> check(field, text));
            copy.put(field, value);
        });
        fields = Collections.unmodifiableMap(copy);
    }

    /** Reads {@code changes} as sent: an object of fields to strings or nulls. */
    public static ProfileCorrection read(Object changes) {
        if (!(changes instanceof Map<?, ?> map)) {
            throw new InvalidValueException("changes", "is required for a rectification: an object such as {\"display_name\": \"Zofia Nowak\"}");
        }
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null && !(value instanceof String)) {
                throw new InvalidValueException("changes." + key, "must be a string, or null to clear it");
            }
            fields.put(String.valueOf(key), Optional.ofNullable((String) value));
        });
        return new ProfileCorrection(fields);
    }

    /** The profile with these corrections. */
    public CustomerProfile applyTo(CustomerProfile profile) {
        Optional<String> name = fields.containsKey("display_name") ? fields.get("display_name") : profile.displayName();
        Optional<TimeZoneId> timezone = fields.containsKey("timezone") ? fields.get("timezone").map(TimeZoneId::of) : profile.timezone();
        Optional<CountryCode> country = fields.containsKey("country") ? fields.get("country").map(CountryCode::of) : profile.country();
        return new CustomerProfile(name, timezone, country, profile.currency(), profile.plan(), profile.signedUpAt(), profile.status());
    }

    /** The named fields' values in {@code profile} (null where unset), for the audit's before and after. */
    public Map<String, String> valuesIn(CustomerProfile profile) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields.keySet()) {
            values.put(field, switch (field) {
                case "display_name" -> profile.displayName().orElse(null);
                case "country" -> profile.country().map(CountryCode::value).orElse(null);
                default -> profile.timezone().map(TimeZoneId::value).orElse(null);
            });
        }
        return values;
    }

    private static void check(String field, String value) {
        String path = "changes." + field;
        switch (field) {
            case "display_name" -> {
                String problem = Text.labelProblem(value, CustomerProfile.DISPLAY_NAME_MAX_LENGTH);
                if (problem != null) {
                    throw new InvalidValueException(path, problem);
                }
            }
            case "country" -> {
                if (!CountryCode.isValid(value)) {
                    throw new InvalidValueException(path, "'" + value + "' is not an ISO 3166-1 alpha-2 country code, such as PL");
                }
            }
            default -> {
                if (!TimeZoneId.isValid(value)) {
                    throw new InvalidValueException(path, "'" + value + "' is not an IANA time zone, such as Europe/Warsaw");
                }
            }
        }
    }
}
