package io.tally.adapter.out.persistence.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.usage.EventData;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void readsBackTheCanonicalJsonItWasStoredAs() {
        EventData data = EventData.of(
                Map.of("agent", "Zoë \"the closer\" Müller", "path", "C:\\calls\\王小明", "emoji", "📞 ✓", "currency", "EUR"),
                Map.of("cost", new BigDecimal("0.0420"), "duration_s", new BigDecimal("184"), "big", new BigDecimal("1E+20"),
                        "negative", new BigDecimal("-3.5")));

        EventData read = EventJson.read(data.canonicalJson());

        assertThat(read.dimensions()).isEqualTo(data.dimensions());
        assertThat(read.measures()).usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .usingRecursiveComparison().isEqualTo(data.measures());
    }

    @Test
    void anEmptyObjectIsEmptyData() {
        assertThat(EventJson.read("{}")).isEqualTo(EventData.empty());
    }
}
