package io.tally.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileCorrectionTest {

    private static final CustomerProfile PROFILE = new CustomerProfile(Optional.of("Zofia Kowalsky"), Optional.of(TimeZoneId.of("Europe/Berlin")),
            Optional.of(CountryCode.of("DE")), Optional.of(CurrencyCode.of("EUR")), Optional.of("pro"), Optional.empty(), CustomerStatus.ACTIVE);

    @Test
    void correctsTheNamedFieldsClearsNullsAndKeepsTheRest() {
        Map<String, Object> changes = new HashMap<>();
        changes.put("display_name", "Zofia Kowalska");
        changes.put("country", "PL");
        changes.put("timezone", null);
        ProfileCorrection correction = ProfileCorrection.read(changes);
        CustomerProfile corrected = correction.applyTo(PROFILE);
        assertThat(corrected.displayName()).contains("Zofia Kowalska");
        assertThat(corrected.country()).contains(CountryCode.of("PL"));
        assertThat(corrected.timezone()).isEmpty();
        assertThat(corrected.currency()).isEqualTo(PROFILE.currency());
        assertThat(corrected.plan()).contains("pro");
        assertThat(correction.valuesIn(PROFILE)).containsEntry("display_name", "Zofia Kowalsky").containsEntry("country", "DE")
                .containsEntry("timezone", "Europe/Berlin");
        assertThat(correction.valuesIn(corrected)).containsEntry("display_name", "Zofia Kowalska").containsEntry("country", "PL")
                .containsEntry("timezone", null);
    }

    @Test
    void refusesUnknownFieldsBadValuesAndNothing() {
        assertThatThrownBy(() -> ProfileCorrection.read(Map.of("plan", "basic"))).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("changes.plan");
        assertThatThrownBy(() -> ProfileCorrection.read(Map.of("country", "Poland"))).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("changes.country");
        assertThatThrownBy(() -> ProfileCorrection.read(Map.of("timezone", "Mars/Olympus"))).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("changes.timezone");
        assertThatThrownBy(() -> ProfileCorrection.read(Map.of("display_name", 7))).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("changes.display_name");
        assertThatThrownBy(() -> ProfileCorrection.read(Map.of())).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("changes");
        assertThatThrownBy(() -> ProfileCorrection.read("Zofia")).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("changes");
    }
}
