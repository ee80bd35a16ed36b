package io.tally.adapter.in.http.validation;

import io.micronaut.context.annotation.Factory;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.Text;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.tenant.BrandColour;
import jakarta.inject.Singleton;

/**
 * The validators behind Tally's constraint annotations. Each delegates to the domain value object's own
 * rule, so the edge and the domain can never disagree on what is valid. Absent values are valid here;
 * {@code @NotNull} decides whether a value is required.
 */
@Factory
final class Constraints {

    @Singleton
    ConstraintValidator<IanaTimeZone, CharSequence> ianaTimeZone() {
        return (value, annotation, context) -> value == null || TimeZoneId.isValid(value.toString());
    }

    @Singleton
    ConstraintValidator<Iso4217, CharSequence> iso4217() {
        return (value, annotation, context) -> value == null || CurrencyCode.isValid(value.toString());
    }

    @Singleton
    ConstraintValidator<Iso3166Alpha2, CharSequence> iso3166Alpha2() {
        return (value, annotation, context) -> value == null || CountryCode.isValid(value.toString());
    }

    @Singleton
    ConstraintValidator<ExternalCustomerId, CharSequence> externalCustomerId() {
        return (value, annotation, context) -> value == null || CustomerId.problemWith(value.toString()) == null;
    }

    @Singleton
    ConstraintValidator<PlanKey, CharSequence> planKey() {
        return (value, annotation, context) -> value == null || CustomerProfile.isValidPlanKey(value.toString());
    }

    @Singleton
    ConstraintValidator<Label, CharSequence> label() {
        return (value, annotation, context) -> value == null
                || Text.labelProblem(value.toString(), annotation.intValue("max").orElse(Integer.MAX_VALUE)) == null;
    }

    @Singleton
    ConstraintValidator<HexColour, CharSequence> hexColour() {
        return (value, annotation, context) -> value == null || BrandColour.isValid(value.toString());
    }
}
