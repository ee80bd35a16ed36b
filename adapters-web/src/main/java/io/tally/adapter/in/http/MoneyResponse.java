package io.tally.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.common.Money;
import java.util.List;

/** Money as both APIs show it: the amount as a decimal string with at least the currency's minor digits. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MoneyResponse(String amount, String currency) {

    public static MoneyResponse of(Money money) {
        return new MoneyResponse(money.amountText(), money.currency().value());
    }

    public static List<MoneyResponse> list(List<Money> money) {
        return money.stream().map(MoneyResponse::of).toList();
    }
}
