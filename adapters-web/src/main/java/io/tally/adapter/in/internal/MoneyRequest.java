package io.tally.adapter.in.internal;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.adapter.in.http.validation.Iso4217;
import io.tally.domain.common.Money;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/** Money in: {@code {"amount": "12.34", "currency": "USD"}}, the amount a decimal string (never a float). */
@Serdeable(naming = SnakeCaseStrategy.class)
record MoneyRequest(
        @NotNull @Pattern(regexp = "-?[0-9]{1,20}(\\.[0-9]{1,20})?", message = "must be a decimal string such as \"12.34\"") String amount,
        @NotNull @Iso4217 String currency) {

    Money toMoney() {
        return Money.of(new BigDecimal(amount).toPlainString(), currency);
    }
}
