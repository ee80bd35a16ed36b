package io.tally.adapter.out.export.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.common.Money;
import io.tally.domain.report.Cell;
import io.tally.domain.report.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private final Formats formats = new Formats(ZoneId.of("Europe/Berlin"));

    private String number(String value, ValueType type) {
        return formats.cell(Cell.number(new BigDecimal(value)), type);
    }

    @Nested
    class Numbers {

        @Test
        void groupsCountsInThousands() {
            assertThat(number("1234567", ValueType.COUNT)).isEqualTo("1,234,567");
            assertThat(number("999", ValueType.COUNT)).isEqualTo("999");
            assertThat(number("-1234", ValueType.COUNT)).isEqualTo("-1,234");
        }

        @Test
        void showsDecimalsAsGivenUpToFourPlaces() {
            assertThat(number("2.50", ValueType.DECIMAL)).isEqualTo("2.50");
            assertThat(number("3.14159", ValueType.DECIMAL)).isEqualTo("3.1416");
            assertThat(number("1E+3", ValueType.DECIMAL)).isEqualTo("1,000");
        }

        @Test
        void addsTheUnitOfPercentSecondsAndMegabytes() {
            assertThat(number("12.5", ValueType.PERCENT)).isEqualTo("12.5 %");
            assertThat(number("68.789", ValueType.PERCENT)).isEqualTo("68.79 %");
            assertThat(number("12.3", ValueType.SECONDS)).isEqualTo("12.3 s");
            assertThat(number("1234.5", ValueType.MEGABYTES)).isEqualTo("1,234.5 MB");
        }

        @Test
        void showsMoneyWithItsCurrencyAndAtLeastItsMinorDigits() {
            assertThat(formats.cell(Cell.money(Money.of("1234.5", "USD")), ValueType.MONEY)).isEqualTo("USD 1,234.50");
            assertThat(formats.cell(Cell.money(Money.of("1234", "JPY")), ValueType.MONEY)).isEqualTo("JPY 1,234");
            assertThat(formats.cell(Cell.money(Money.of("0.5", "KWD")), ValueType.MONEY)).isEqualTo("KWD 0.500");
            assertThat(formats.cell(Cell.money(Money.of("0.0425", "USD")), ValueType.MONEY)).isEqualTo("USD 0.0425");
            assertThat(formats.cell(Cell.money(Money.of("-1234.5", "EUR")), ValueType.MONEY)).isEqualTo("EUR -1,234.50");
        }

        @Test
        void showsGrowthWithOneDecimalAndNoSign() {
            assertThat(formats.growth(new BigDecimal("12.49"))).isEqualTo("12.5 %");
            assertThat(formats.growth(new BigDecimal("-3.22"))).isEqualTo("3.2 %");
            assertThat(formats.growth(new BigDecimal("1234.00"))).isEqualTo("1,234.0 %");
            assertThat(formats.growth(new BigDecimal("0.04"))).isEqualTo("0 %");
        }
    }

    @Nested
    class Times {

        @Test
        void showsDaysAsIsoDates() {
            assertThat(formats.cell(Cell.day(LocalDate.of(2026, 11, 2)), ValueType.DATE)).isEqualTo("2026-11-02");
        }

        @Test
        void showsInstantsInTheReportZone() {
            assertThat(formats.cell(Cell.moment(Instant.parse("2026-11-02T13:03:07Z")), ValueType.DATETIME)).isEqualTo("2026-11-02 14:03:07");
            assertThat(formats.cell(Cell.moment(Instant.parse("2026-07-02T13:03:07Z")), ValueType.DATETIME)).isEqualTo("2026-07-02 15:03:07");
        }

        @Test
        void writesThePeriodWithBothDaysAndTheGeneratedTime() {
            assertThat(formats.period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))).isEqualTo("1 Nov 2026 – 30 Nov 2026");
            assertThat(formats.generatedAt(Instant.parse("2026-12-01T08:15:00Z"))).isEqualTo("1 Dec 2026, 09:15");
        }
    }

    @Test
    void showsNoValueAsADash() {
        assertThat(formats.cell(Cell.EMPTY, ValueType.MONEY)).isEqualTo("—");
    }

    @Nested
    class Axes {

        @Test
        void roundsTheMaximumUpToANiceStep() {
            assertThat(AxisScale.of(0, 66, true)).isEqualTo(new AxisScale(0, 80, 20, 0));
            assertThat(AxisScale.of(0, 7_300, false)).isEqualTo(new AxisScale(0, 8_000, 2_000, 0));
            assertThat(AxisScale.of(0, 0.9, false)).isEqualTo(new AxisScale(0, 1, 0.25, 2));
        }

        @Test
        void givesAnAllZeroSeriesAnAxis() {
            assertThat(AxisScale.of(0, 0, true)).isEqualTo(new AxisScale(0, 4, 1, 0));
            assertThat(AxisScale.of(0, 0, false).steps()).isEqualTo(4);
        }

        @Test
        void keepsCountStepsWhole() {
            assertThat(AxisScale.of(0, 3, true).step()).isEqualTo(1);
            assertThat(AxisScale.of(0, 9, true).step()).isEqualTo(5);
        }

        @Test
        void includesNegativeValues() {
            AxisScale scale = AxisScale.of(-30, 50, false);

            assertThat(scale.low()).isEqualTo(-40);
            assertThat(scale.high()).isEqualTo(60);
        }
    }
}
