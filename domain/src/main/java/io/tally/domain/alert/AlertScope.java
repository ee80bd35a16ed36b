package io.tally.domain.alert;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.util.Map;

/** Whom a rule watches: the whole tenant, one customer, or each customer with a state of its own. */
public sealed interface AlertScope {

    /** The scope as the API shows it. */
    Object json();

    record Tenant() implements AlertScope {
        @Override
        public Object json() {
            return "tenant";
        }
    }

    record Customer(CustomerId customer) implements AlertScope {
        @Override
        public Object json() {
            return Map.of("customer", customer.value());
        }
    }

    record EachCustomer() implements AlertScope {
        @Override
        public Object json() {
            return "each_customer";
        }
    }

    /** {@code "tenant"}, {@code "each_customer"} or {@code {"customer": id}}. */
    static AlertScope read(Object given) {
        if ("tenant".equals(given)) {
            return new Tenant();
        }
        if ("each_customer".equals(given)) {
            return new EachCustomer();
        }
        if (given instanceof Map<?, ?> map && map.size() == 1 && map.get("customer") instanceof String id) {
            try {
                return new Customer(CustomerId.of(id));
            } catch (InvalidValueException problem) {
                throw problem.forField("scope.customer");
            }
        }
        throw new InvalidValueException("scope", given == null ? "is required: \"tenant\", \"each_customer\" or {\"customer\": id}"
                : "must be \"tenant\", \"each_customer\" or {\"customer\": id}");
    }
}
