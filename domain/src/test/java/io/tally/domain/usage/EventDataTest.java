package io.tally.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.InvalidValueException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDataTest {

    @Test
    void canonicalJsonListsDimensionsThenMeasuresByNameWithNumbersNormalised() {
        EventData data = EventData.of(
                Map.of("agent", "Zoë \"the closer\" Müller", "path", "C:\\calls\\王小明", "currency", "EUR"),
                Map.of("cost", new BigDecimal("0.0420"), "duration_s", new BigDecimal("184"), "big", new BigDecimal("1E+20"),
                        "zero", new BigDecimal("0.000"), "negative", new BigDecimal("-3.50")));

        assertThat(data.canonicalJson()).isEqualTo("{\"agent\":\"Zoë \\\"the closer\\\" Müller\",\"currency\":\"EUR\","
                + "\"path\":\"C:\\\\calls\\\\王小明\",\"big\":100000000000000000000,\"cost\":0.042,\"duration_s\":184,"
                + "\"negative\":-3.5,\"zero\":0}");
    }

    @Test
    void equalDataHasEqualCanonicalJsonWhateverTheMapOrderAndNumberScale() {
        Map<String, BigDecimal> one = new HashMap<>();
        one.put("minutes", new BigDecimal("12.50"));
        one.put("bytes", new BigDecimal("1000"));
        Map<String, BigDecimal> other = new HashMap<>();
        other.put("bytes", new BigDecimal("1E+3"));
        other.put("minutes", new BigDecimal("12.5"));

        assertThat(EventData.of(Map.of(), one).canonicalJson()).isEqualTo(EventData.of(Map.of(), other).canonicalJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"outcome", "_private", "duration_s", "a.b-c", "A1"})
    void acceptsPlainNames(String name) {
        assertThat(EventData.isName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1st", "-x", ".x", "has space", "ü", "x/y"})
    void refusesOtherNames(String name) {
        assertThat(EventData.isName(name)).isFalse();
        assertThatThrownBy(() -> EventData.of(Map.of(name, "v"), Map.of())).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void namesAreAtMost64Characters() {
        assertThat(EventData.isName("a".repeat(64))).isTrue();
        assertThat(EventData.isName("a".repeat(65))).isFalse();
    }

    @Test
    void moneyNeedsACurrencyAndACurrencyMustBeReal() {
        assertThatThrownBy(() -> EventData.of(Map.of(), Map.of("cost", BigDecimal.ONE)))
                .hasMessage("is money and needs a currency in data.currency (for example \"USD\")");
        assertThatThrownBy(() -> EventData.of(Map.of("currency", "EURO"), Map.of("cost", BigDecimal.ONE)))
                .hasMessage("'EURO' is not an ISO 4217 currency code (for example USD or EUR)");
        assertThat(EventData.of(Map.of("currency", "JPY"), Map.of("cost", new BigDecimal("1200"))).measures()).containsKey("cost");
    }

    @Test
    void refusesNumbersThatCannotBeWrittenOutSensibly() {
        assertThatThrownBy(() -> EventData.of(Map.of(), Map.of("x", new BigDecimal("1E+999999999")))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> EventData.of(Map.of(), Map.of("x", new BigDecimal("1E-19")))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> EventData.of(Map.of(), Map.of("x", new BigDecimal("1".repeat(39))))).isInstanceOf(InvalidValueException.class);
        assertThat(EventData.of(Map.of(), Map.of("x", new BigDecimal("1E+20"))).canonicalJson()).isEqualTo("{\"x\":100000000000000000000}");
    }

    @Test
    void aNameIsEitherADimensionOrAMeasure() {
        assertThatThrownBy(() -> EventData.of(Map.of("x", "a"), Map.of("x", BigDecimal.ONE))).hasMessage("is given twice");
    }
}
