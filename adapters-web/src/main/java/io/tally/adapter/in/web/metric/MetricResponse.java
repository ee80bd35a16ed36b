package io.tally.adapter.in.web.metric;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tally.application.port.in.metric.MetricView;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricKey;
import java.math.BigDecimal;
import java.util.List;

@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record MetricResponse(String key, String name, @Nullable String description, String unit, String polarity, @Nullable Integer decimals,
                      FormulaResponse formula, boolean builtIn, List<String> usedBy) {

    /** The formula in the shape it was defined in; built-in billing metrics show {@code {"billing": measure}}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FormulaResponse(@Nullable String meter, @Nullable String billing, @Nullable @Schema(type = "object") RatioResponse ratio, @Nullable List<String> sum,
                           @Nullable List<String> difference, @Nullable String perCustomer, @Nullable @Schema(type = "object") PerItemResponse perItem) {

        static FormulaResponse of(Formula formula) {
            return switch (formula) {
                case Formula.OfMeter meter -> new FormulaResponse(meter.meter().value(), null, null, null, null, null, null);
                case Formula.OfBilling billing -> new FormulaResponse(null, billing.measure().wireName(), null, null, null, null, null);
                case Formula.Ratio ratio -> new FormulaResponse(null, null, new RatioResponse(ratio.numerator().value(),
                        ratio.denominator().value(), new BigDecimal(ratio.scale().stripTrailingZeros().toPlainString())), null, null, null, null);
                case Formula.Sum sum -> new FormulaResponse(null, null, null, keys(sum.parts()), null, null, null);
                case Formula.Difference difference -> new FormulaResponse(null, null, null, null, keys(difference.parts()), null, null);
                case Formula.PerCustomer perCustomer -> new FormulaResponse(null, null, null, null, null, perCustomer.metric().value(), null);
                case Formula.PerItem perItem -> new FormulaResponse(null, null, null, null, null, null,
                        new PerItemResponse(perItem.metric().value(), perItem.dimension(), perItem.statistic().wireName()));
            };
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PerItemResponse(String metric, String dimension, String statistic) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RatioResponse(String numerator, String denominator, BigDecimal scale) {
    }

    static MetricResponse of(MetricView view) {
        Metric metric = view.metric();
        return new MetricResponse(metric.key().value(), metric.name(), metric.description().orElse(null), metric.unit().wireName(),
                metric.polarity().wireName(), metric.decimals().orElse(null), FormulaResponse.of(metric.formula()), metric.builtIn(),
                keys(view.usedBy()));
    }

    private static List<String> keys(List<MetricKey> keys) {
        return keys.stream().map(MetricKey::value).toList();
    }
}
