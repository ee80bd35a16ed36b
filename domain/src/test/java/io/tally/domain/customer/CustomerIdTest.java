package io.tally.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomerIdTest {

    @Test
    void acceptsTheTenantsOwnIdentifiers() {
        assertThat(CustomerId.problemWith("user-123")).isNull();
        assertThat(CustomerId.problemWith("王小明")).isNull();
        assertThat(CustomerId.problemWith("a b")).isNull();
        assertThat(CustomerId.problemWith("x".repeat(255))).isNull();
    }

    @Test
    void refusesIdsThatCannotTravelInAUrlPathOrAreAmbiguous() {
        assertThat(CustomerId.problemWith("")).isEqualTo("must not be empty");
        assertThat(CustomerId.problemWith("a/b")).isEqualTo("must not contain '/'");
        assertThat(CustomerId.problemWith("a\nb")).isEqualTo("must not contain control characters");
        assertThat(CustomerId.problemWith(" a")).isEqualTo("must not start or end with white space");
        assertThat(CustomerId.problemWith("x".repeat(256))).isEqualTo("must be at most 255 characters");
    }
}
