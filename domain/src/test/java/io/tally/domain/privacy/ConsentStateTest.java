package io.tally.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentStateTest {

    static final Instant T = Instant.parse("2027-01-05T09:00:00Z");

    static ConsentRecord record(String category, boolean given, long minute, long recordedMinute) {
        return new ConsentRecord(CustomerId.of("ada"), category, given, "v1", LegalBasis.CONSENT, Optional.empty(), T.plusSeconds(60 * minute),
                T.plusSeconds(60 * recordedMinute));
    }

    @Test
    void theLatestStatementByTheTimeItWasGivenCountsNotTheLatestRecorded() {
        ConsentState state = ConsentState.of(List.of(record("analytics", true, 0, 0), record("analytics", false, 30, 31),
                record("analytics", true, 15, 40)));
        assertThat(state.of("analytics")).map(ConsentRecord::given).contains(false);
        assertThat(state.givenForAll(Set.of("analytics"))).isFalse();
        assertThat(state.missing(Set.of("analytics", "marketing"))).containsExactly("analytics", "marketing");
    }

    @Test
    void aTieOnTheTimeGivenGoesToTheOneRecordedLater() {
        ConsentState state = ConsentState.of(List.of(record("analytics", false, 10, 12), record("analytics", true, 10, 11)));
        assertThat(state.of("analytics")).map(ConsentRecord::given).contains(false);
        ConsentState again = ConsentState.of(List.of(record("analytics", true, 10, 13), record("analytics", false, 10, 12)));
        assertThat(again.givenForAll(Set.of("analytics"))).isTrue();
        assertThat(again.givenForAll(Set.of())).isTrue();
    }

    @Test
    void categoriesAndSettingsAreChecked() {
        assertThatThrownBy(() -> record("Analytics", true, 0, 0)).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("category");
        assertThatThrownBy(() -> new ConsentRecord(CustomerId.of("ada"), "analytics", true, " ", LegalBasis.CONSENT, Optional.empty(), T, T))
                .extracting("field").isEqualTo("version");
        TenantSettings defaults = TenantSettings.defaults();
        TenantSettings required = new TenantSettings(defaults.timezone(), defaults.currency(), defaults.brandName(), defaults.brandColour(),
                defaults.lateArrivalDays(), defaults.locale(), Set.of("marketing", "analytics"));
        assertThat(required.consentRequired()).containsExactly("analytics", "marketing");
        assertThatThrownBy(() -> new TenantSettings(defaults.timezone(), defaults.currency(), defaults.brandName(), defaults.brandColour(),
                defaults.lateArrivalDays(), defaults.locale(), Set.of("no such"))).extracting("field").isEqualTo("consent_required");
        assertThat(LegalBasis.fromWireName("legitimate_interests", "legal_basis")).isEqualTo(LegalBasis.LEGITIMATE_INTERESTS);
    }
}
