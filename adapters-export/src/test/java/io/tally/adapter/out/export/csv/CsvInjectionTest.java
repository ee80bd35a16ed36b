package io.tally.adapter.out.export.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "\n=1", "＝1", "＋1", "－1", "＠A1", "=", "-"})
    void prefixesAFormulaStartWithAQuote(String value) {
        assertThat(CsvInjection.neutralise(value)).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "1+1", " =1", "'=1", "王小明", "😀", "שלום", "#1", "%1", "a=b", "2026-11-02"})
    void leavesOtherTextAlone(String value) {
        assertThat(CsvInjection.neutralise(value)).isSameAs(value);
    }
}
