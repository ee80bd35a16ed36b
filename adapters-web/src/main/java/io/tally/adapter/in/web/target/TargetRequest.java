package io.tally.adapter.in.web.target;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.metric.MetricKey;
import io.tally.domain.target.MetricTarget;
import io.tally.domain.target.TargetComparison;
import io.tally.domain.target.TargetPeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All of a metric's targets: {@code {"targets": [{"period": "month", "comparison": "at_least", "value": 1000}, …]}}. */
@Serdeable(naming = SnakeCaseStrategy.class)
record TargetRequest(@Nullable List<Item> targets) {

    /** One target: for a customer's figure (default: the tenant's), per period, at least or at most a value, in a currency (money). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Item(@Nullable String customer, @Nullable String period, @Nullable String comparison, @Nullable BigDecimal value,
                @Nullable String currency) {
    }

    List<MetricTarget> toTargets(MetricKey metric) {
        if (targets == null) {
            throw new InvalidValueException("targets", "is required: a list of targets ([] removes them all)");
        }
        List<MetricTarget> list = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Item item = targets.get(i);
            String field = "targets[" + i + "]";
            if (item == null) {
                throw new InvalidValueException(field, "must be an object");
            }
            if (item.period() == null) {
                throw new InvalidValueException(field + ".period", "is required: day, week, month or quarter");
            }
            if (item.comparison() == null) {
                throw new InvalidValueException(field + ".comparison", "is required: at_least or at_most");
            }
            if (item.value() == null) {
                throw new InvalidValueException(field + ".value", "is required: the number the metric's value over the period is compared with");
            }
            Optional<CustomerId> customer = Optional.ofNullable(item.customer()).filter(text -> !text.isBlank()).map(text -> {
                String problem = CustomerId.problemWith(text);
                if (problem != null) {
                    throw new InvalidValueException(field + ".customer", problem);
                }
                return CustomerId.of(text);
            });
            Optional<CurrencyCode> currency = Optional.ofNullable(item.currency()).filter(text -> !text.isBlank()).map(text -> {
                if (!CurrencyCode.isValid(text)) {
                    throw new InvalidValueException(field + ".currency", "'" + text + "' is not an ISO 4217 currency code");
                }
                return CurrencyCode.of(text);
            });
            try {
                list.add(new MetricTarget(metric, customer, TargetPeriod.fromWireName(item.period(), field + ".period"),
                        TargetComparison.fromWireName(item.comparison(), field + ".comparison"), item.value(), currency));
            } catch (InvalidValueException e) {
                throw e.field().startsWith("targets[") ? e : e.forField(field + "." + e.field());
            }
        }
        return list;
    }
}
