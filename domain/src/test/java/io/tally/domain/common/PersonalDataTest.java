package io.tally.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void aValueKeepsItsLastTwoCharactersBehindSixDotsWhateverItsLength() {
        assertThat(PersonalData.mask("+49 30 1234 5689")).isEqualTo("••••••89");
        assertThat(PersonalData.mask("ana@example.com")).isEqualTo("••••••om");
        assertThat(PersonalData.mask("abc")).isEqualTo("••••••bc");
        assertThat(PersonalData.mask("ab")).isEqualTo("••••••");
        assertThat(PersonalData.mask("")).isEqualTo("••••••");
        assertThat(PersonalData.mask(null)).isNull();
        // characters, not UTF-16 units: an emoji counts as one
        assertThat(PersonalData.mask("王小明😀")).isEqualTo("••••••明😀");
    }

    @Test
    void onlyDataNamesMayBeMarkedPersonal() {
        assertThat(PersonalData.requireDimension("phone", "personal_dimensions")).isEqualTo("phone");
        assertThatThrownBy(() -> PersonalData.requireDimension("@weekday", "personal_dimensions")).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("personal_dimensions");
    }
}
