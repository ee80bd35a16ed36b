package io.tally.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.customer.CustomerId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrivacyRequestTest {

    static final Instant RECEIVED = Instant.parse("2027-01-31T10:00:00Z");

    static PrivacyRequest received(RequestType type) {
        return PrivacyRequest.receive(UUID.fromString("00000000-0000-0000-0000-000000000017"), CustomerId.of("ada"), type,
                Optional.of("by e-mail to privacy@"), Optional.empty(), "dpo", RECEIVED);
    }

    @Test
    void aRequestIsDueThirtyDaysAfterReceiptAndOverdueOnlyWhileOpenAfterThat() {
        PrivacyRequest request = received(RequestType.ERASURE);
        assertThat(request.dueAt()).isEqualTo(Instant.parse("2027-03-02T10:00:00Z"));
        assertThat(request.isOverdue(Instant.parse("2027-03-02T10:00:00Z"))).isFalse();
        assertThat(request.isOverdue(Instant.parse("2027-03-02T10:00:01Z"))).isTrue();
        PrivacyRequest started = request.start();
        assertThat(started.status()).isEqualTo(PrivacyRequest.Status.IN_PROGRESS);
        assertThat(started.isOverdue(Instant.parse("2027-03-03T00:00:00Z"))).isTrue();
        PrivacyRequest done = started.complete(Instant.parse("2027-03-03T00:00:00Z"));
        assertThat(done.isOverdue(Instant.parse("2027-04-01T00:00:00Z"))).as("a finished request is never overdue").isFalse();
        assertThat(done.finishedAt()).contains(Instant.parse("2027-03-03T00:00:00Z"));
    }

    @Test
    void aFinishedRequestCannotBeStartedOrFinishedAgain() {
        PrivacyRequest rejected = received(RequestType.LIFT_RESTRICTION).reject("the customer's data is not restricted", RECEIVED);
        assertThat(rejected.reason()).contains("the customer's data is not restricted");
        assertThatThrownBy(rejected::start).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> rejected.complete(RECEIVED)).isInstanceOf(ConflictException.class);
        assertThat(received(RequestType.ACCESS).start().start().status()).as("a request taken over is started again").isEqualTo(PrivacyRequest.Status.IN_PROGRESS);
    }

    @Test
    void typesAndNotesAreChecked() {
        assertThat(RequestType.fromWireName("lift_restriction", "type")).isEqualTo(RequestType.LIFT_RESTRICTION);
        assertThatThrownBy(() -> RequestType.fromWireName("forget", "type")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("access, erasure, rectification, restriction, objection, lift_restriction");
        assertThatThrownBy(() -> PrivacyRequest.receive(UUID.randomUUID(), CustomerId.of("ada"), RequestType.ACCESS, Optional.of(" "), Optional.empty(),
                "dpo", RECEIVED)).isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("note");
    }
}
