package io.tally.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.TimeZoneId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aNewTenantHasTheDefaultSettings() {
        Tenant tenant = Tenant.create(TenantId.of("acme"), NOW);

        assertThat(tenant.settings().timezone()).isEqualTo(TimeZoneId.UTC);
        assertThat(tenant.settings().currency()).isEqualTo(CurrencyCode.USD);
        assertThat(tenant.settings().brandName()).isEmpty();
        assertThat(tenant.settings().brandColour().value()).isEqualTo("#6D28D9");
        assertThat(tenant.displayName()).isEqualTo("acme");
    }

    @Test
    void changingSettingsReportsExactlyWhatChanged() {
        Tenant tenant = Tenant.create(TenantId.of("acme"), NOW);

        var changes = tenant.changeSettings(new TenantSettings(TimeZoneId.of("Europe/Berlin"), CurrencyCode.USD,
                Optional.of("Acme"), BrandColour.DEFAULT, 400));

        assertThat(changes).containsExactly(
                new SettingChange("timezone", "UTC", "Europe/Berlin"),
                new SettingChange("brand_name", "", "Acme"));
        assertThat(tenant.displayName()).isEqualTo("Acme");
    }

    @Test
    void sameSettingsChangeNothing() {
        Tenant tenant = Tenant.create(TenantId.of("acme"), NOW);

        assertThat(tenant.changeSettings(TenantSettings.defaults())).isEmpty();
    }

    @Test
    void brandColourIsKeptInUpperCase() {
        assertThat(BrandColour.of("#a1b2c3").value()).isEqualTo("#A1B2C3");
        assertThat(BrandColour.of("#a1b2c3").red()).isEqualTo(0xA1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#12345", "123456", "#GGGGGG", "#1234567", "purple"})
    void refusesMalformedColours(String colour) {
        assertThatThrownBy(() -> BrandColour.of(colour)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-acme", "acme corp", "a/b", "ä"})
    void refusesMalformedTenantIds(String id) {
        assertThat(TenantId.isValid(id)).isFalse();
    }

    @Test
    void acceptsTenantIdsUpTo64Characters() {
        assertThat(TenantId.isValid("a".repeat(64))).isTrue();
        assertThat(TenantId.isValid("a".repeat(65))).isFalse();
        assertThat(TenantId.isValid("org_1.eu-west:prod")).isTrue();
    }
}
