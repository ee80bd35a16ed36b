package io.tally.application.port.out.privacy;

import io.tally.domain.common.ConflictException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What privacy requests do to a customer's data, everywhere it is kept: restricting its processing (the events stay, every
 * figure leaves them out), lifting that, erasing the customer, and reading what is kept about them for an access request.
 * Status changes are serialised with ingestion, so no batch in flight counts an event the change leaves out.
 */
public interface PrivacyDataPort {

    /**
     * Takes ingestion's side of the serialisation (until the transaction ends) and tells, of these customers named by a
     * batch, which were erased (by the tombstone of the id) and whose processing is restricted. Runs in the batch's
     * transaction.
     */
    SubjectStates subjectStates(TenantId tenant, Set<CustomerId> subjects);

    record SubjectStates(Set<CustomerId> erased, Set<CustomerId> restricted) {
        public static final SubjectStates NONE = new SubjectStates(Set.of(), Set.of());

        public SubjectStates {
            erased = Set.copyOf(erased);
            restricted = Set.copyOf(restricted);
        }
    }

    /** Whether {@code id} is the external id of a customer who was erased (by its tombstone). */
    boolean isErased(TenantId tenant, CustomerId id);

    /** Refuses (409) to record anything more about an erased customer: a profile, a billing fact, a consent. */
    default void refuseErased(TenantId tenant, CustomerId id) {
        if (isErased(tenant, id)) {
            throw new ConflictException("customer '" + id.value() + "' was erased at their request (GDPR Art. 17): nothing more is recorded about them");
        }
    }

    /**
     * Restricts the customer's processing from {@code at} on, for request {@code request}: takes their events out of the
     * rollups. Run again for the same request, it finishes what a stopped run left. Rows changed, per table.
     */
    Map<String, Long> restrict(TenantId tenant, CustomerId customer, Instant at, UUID request);

    /** Lifts the restriction for {@code request}: their events count again, those stored meanwhile included. Idempotent per request. */
    Map<String, Long> lift(TenantId tenant, CustomerId customer, UUID request);

    /**
     * Erases the customer for request {@code request}: deletes their events (every partition), their dedup keys and the
     * stored files about them, corrects the rollups, replaces the profile by the tombstone, and masks the external id and
     * display name wherever else the tenant's rows hold them. Billing facts and audit entries are kept, masked.
     */
    Erasure erase(TenantId tenant, CustomerId customer, UUID request, Instant at);

    /** What an erasure did: the tombstone, and per table the rows deleted and masked. */
    record Erasure(CustomerId tombstone, Map<String, Long> deleted, Map<String, Long> masked) {
        public Erasure {
            Objects.requireNonNull(tombstone, "tombstone");
            deleted = Map.copyOf(deleted);
            masked = Map.copyOf(masked);
        }
    }

    /** The kinds of rows an access export holds besides the profile and the events. */
    enum Section {
        SUBSCRIPTIONS, PAYMENTS, LIMITS, USAGE_RESETS, EXPORTS, CONSENTS, AUDIT, REQUESTS
    }

    /** Hands each row of a section about the customer to {@code row}, as a JSON object's text, in a stable order. */
    void rows(TenantId tenant, CustomerId customer, Section section, Consumer<String> row);
}
