package io.tally.adapter.in.http.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value, when present, must be an ISO 3166-1 alpha-2 country code in upper case, such as DE or TW. Checked by the domain's own rule (see {@link Constraints}). */
@Documented
@Constraint(validatedBy = {})
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
public @interface Iso3166Alpha2 {

    String message() default "must be an ISO 3166-1 alpha-2 country code in upper case, such as DE or TW";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
