package io.tally.domain.customer;

import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.Text;
import java.util.Objects;

/**
 * A customer's external id: the tenant's own identifier for a billable account (such as {@code user-123}),
 * used in URLs. 1 to 255 characters, no control characters, no '/', no leading or trailing spaces.
 */
public record CustomerId(String value) implements Comparable<CustomerId> {

    public static final int MAX_LENGTH = 255;

    public CustomerId {
        Objects.requireNonNull(value, "value");
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidValueException("a customer id " + problem);
        }
    }

    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    /** Why the text cannot be an external id ("must not contain '/'", …), or null when it can. */
    public static String problemWith(String value) {
        return Text.identifierProblem(value, MAX_LENGTH);
    }

    @Override
    public int compareTo(CustomerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
