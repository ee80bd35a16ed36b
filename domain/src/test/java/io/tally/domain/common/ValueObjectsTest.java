package io.tally.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

    @Nested
    class TimeZones {

        @ParameterizedTest
        @ValueSource(strings = {"UTC", "Europe/Berlin", "Asia/Taipei", "America/New_York", "America/Sao_Paulo"})
        void acceptsIanaRegions(String name) {
            assertThat(TimeZoneId.of(name).zone().getId()).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Mars/Olympus", "+02:00", "EST", "utc", "", " Europe/Berlin"})
        void refusesWhatIsNotAnIanaRegion(String name) {
            assertThat(TimeZoneId.isValid(name)).isFalse();
            assertThatThrownBy(() -> TimeZoneId.of(name))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("is not an IANA time zone");
        }
    }

    @Nested
    class Currencies {

        @Test
        void acceptsIso4217CodesAndKnowsTheirMinorUnits() {
            assertThat(CurrencyCode.of("USD").minorUnitDigits()).isEqualTo(2);
            assertThat(CurrencyCode.of("JPY").minorUnitDigits()).isZero();
            assertThat(CurrencyCode.of("KWD").minorUnitDigits()).isEqualTo(3);
        }

        @ParameterizedTest
        @ValueSource(strings = {"usd", "US", "USDD", "XYZ", ""})
        void refusesOtherCodes(String code) {
            assertThatThrownBy(() -> CurrencyCode.of(code)).isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class Countries {

        @Test
        void acceptsAlpha2CodesInUpperCase() {
            assertThat(CountryCode.isValid("TW")).isTrue();
            assertThat(CountryCode.isValid("DE")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"de", "DEU", "XX", "D"})
        void refusesOtherCodes(String code) {
            assertThat(CountryCode.isValid(code)).isFalse();
        }
    }

    @Nested
    class Labels {

        @Test
        void countsCodePointsNotUtf16Units() {
            assertThat(Text.labelProblem("王小明", 3)).isNull();
            assertThat(Text.labelProblem("😀😀😀", 3)).isNull();
            assertThat(Text.labelProblem("😀😀😀😀", 3)).isEqualTo("must be at most 3 characters");
        }

        @Test
        void refusesBlankAndControlCharacters() {
            assertThat(Text.labelProblem("  ", 10)).isEqualTo("must not be blank");
            assertThat(Text.labelProblem("a\u0007b", 10)).isEqualTo("must not contain control characters");
            assertThat(Text.labelProblem("a\u0085b", 10)).isEqualTo("must not contain control characters");
        }
    }
}
