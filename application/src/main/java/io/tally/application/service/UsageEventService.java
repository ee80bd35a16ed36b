package io.tally.application.service;

import io.tally.application.port.in.EventSubmission;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.in.ListUsageEventsQuery;
import io.tally.application.port.in.ListUsageEventsUseCase;
import io.tally.application.port.in.Page;
import io.tally.application.port.in.RecordUsageCommand;
import io.tally.application.port.in.RecordUsageUseCase;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.privacy.ConsentStorePort;
import io.tally.application.port.out.privacy.PrivacyDataPort;
import io.tally.application.port.out.privacy.PrivacyDataPort.SubjectStates;
import io.tally.application.port.out.operations.OperationsTelemetryPort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageEventStorePort.Appended;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.domain.access.Actor;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.common.Rfc3339;
import io.tally.domain.common.PersonalData;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.tenant.ArrivalWindow;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.tenant.TenantSettings;
import io.tally.domain.privacy.ConsentRecord;
import io.tally.domain.privacy.ConsentState;
import io.tally.domain.usage.EventData;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.IngestOutcome;
import io.tally.domain.usage.StoredEvent;
import io.tally.domain.usage.UsageEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Usage events in and out. Ingestion validates each item on its own, stores the valid ones in one
 * set-based, atomic write, and tells each item's outcome; the store's unique key makes resends and races
 * harmless.
 */
public final class UsageEventService implements IngestEventsUseCase, RecordUsageUseCase, ListUsageEventsUseCase {

    static final String SPEC_VERSION = "1.0";
    static final String CONFLICT_REASON =
            "an event with this source and id is already stored with other content; the stored one is kept";

    private final UsageEventStorePort events;
    private final CustomerStorePort customers;
    private final ConsentStorePort consents;
    private final PrivacyDataPort privacy;
    private final TenantService tenants;
    private final TransactionPort transactions;
    private final OperationsTelemetryPort telemetry;
    private final Clock clock;

    public UsageEventService(UsageEventStorePort events, CustomerStorePort customers, ConsentStorePort consents, PrivacyDataPort privacy,
                             TenantService tenants, TransactionPort transactions, OperationsTelemetryPort telemetry, Clock clock) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.events = Objects.requireNonNull(events, "events");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IngestResult ingest(IngestEventsCommand command) {
        TenantId tenant = command.actor().tenant();
        TenantSettings settings = tenants.current(tenant).settings();
        ArrivalWindow window = settings.arrivalWindow();
        Instant now = clock.instant();
        List<EventSubmission> submissions = command.events();
        int size = submissions.size();
        IngestResult.Item[] results = new IngestResult.Item[size];
        UsageEvent[] valid = new UsageEvent[size];
        for (int i = 0; i < size; i++) {
            EventSubmission submission = submissions.get(i);
            try {
                if (!submission.isReadable()) {
                    throw new InvalidValueException(submission.unreadable());
                }
                valid[i] = toEvent(submission, now, window);
            } catch (InvalidValueException invalid) {
                String reason = invalid.field().isEmpty() ? invalid.getMessage() : invalid.field() + " " + invalid.getMessage();
                results[i] = new IngestResult.Item(i, submission.id(), IngestOutcome.REJECTED, reason);
            }
        }
        if (!settings.consentRequired().isEmpty()) {
            refuseWithoutConsent(tenant, settings.consentRequired(), submissions, valid, results);
        }
        store(tenant, valid, results, now);
        IngestResult result = new IngestResult(List.of(results));
        Map<IngestOutcome, Long> outcomes = new EnumMap<>(IngestOutcome.class);
        for (IngestResult.Item item : result.items()) {
            outcomes.merge(item.outcome(), 1L, Long::sum);
        }
        telemetry.eventsIngested(size, outcomes);
        return result;
    }

    /**
     * Under the tenant's {@code consent_required}, refuses each valid event of a customer whose consent is not currently
     * given for every required category; the other items of the batch are not affected, and events without a customer
     * (the product's own) need none.
     */
    private void refuseWithoutConsent(TenantId tenant, Set<String> required, List<EventSubmission> submissions, UsageEvent[] valid,
                                      IngestResult.Item[] results) {
        Set<CustomerId> subjects = new LinkedHashSet<>();
        for (UsageEvent event : valid) {
            if (event != null) {
                event.subject().ifPresent(subjects::add);
            }
        }
        if (subjects.isEmpty()) {
            return;
        }
        Map<CustomerId, List<ConsentRecord>> histories = consents.histories(tenant, subjects, required);
        Map<CustomerId, List<String>> missing = new HashMap<>();
        for (CustomerId subject : subjects) {
            List<String> lacking = ConsentState.of(histories.getOrDefault(subject, List.of())).missing(required);
            if (!lacking.isEmpty()) {
                missing.put(subject, lacking);
            }
        }
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] != null && valid[i].subject().map(missing::containsKey).orElse(false)) {
                CustomerId subject = valid[i].subject().get();
                results[i] = new IngestResult.Item(i, submissions.get(i).id(), IngestOutcome.REJECTED, "customer '" + subject.value()
                        + "' has no current consent for " + String.join(", ", missing.get(subject))
                        + " (the tenant's consent_required): the event is not stored");
                valid[i] = null;
            }
        }
    }

    /**
     * Stores what Tally observed itself. Unlike ingested events, these do not create customers: a call
     * that names a customer that does not exist (a scoped token reading an unknown id) is recorded as the
     * tenant's, without a customer.
     */
    @Override
    public void recordUsage(RecordUsageCommand command) {
        if (command.events().isEmpty()) {
            return;
        }
        tenants.current(command.tenant());
        Set<CustomerId> named = new LinkedHashSet<>();
        command.events().forEach(event -> event.subject().ifPresent(named::add));
        Set<CustomerId> existing = named.isEmpty() ? Set.of() : customers.existing(command.tenant(), named);
        UsageEvent[] events = command.events().stream()
                .map(event -> event.subject().isEmpty() || existing.contains(event.subject().get()) ? event
                        : new UsageEvent(event.key(), event.type(), Optional.empty(), event.time(), event.timeGiven(), event.data()))
                .toArray(UsageEvent[]::new);
        store(command.tenant(), events, new IngestResult.Item[events.length], clock.instant());
    }

    @Override
    public Page<StoredEvent> listUsageEvents(ListUsageEventsQuery query) {
        Actor actor = query.actor();
        actor.requireVisible(query.customer());
        Set<String> personal = tenants.current(actor.tenant()).settings().personalDimensions();
        if (!customers.find(actor.tenant(), query.customer()).isPresent()) {
            throw new NotFoundException("customer", query.customer().value());
        }
        Page<StoredEvent> page = Page.fromLookahead(events.history(actor.tenant(), query.customer(), query.type(), query.from(), query.to(),
                query.after(), query.limit() + 1), query.limit());
        return personal.isEmpty() ? page : new Page<>(page.items().stream().map(stored -> masked(stored, personal)).toList(), page.hasMore());
    }

    /** The event with its personal data masked ({@link PersonalData}). */
    private static StoredEvent masked(StoredEvent stored, Set<String> personal) {
        UsageEvent event = stored.event();
        Map<String, String> dimensions = new HashMap<>(event.data().dimensions());
        dimensions.replaceAll((name, value) -> personal.contains(name) ? PersonalData.mask(value) : value);
        return new StoredEvent(new UsageEvent(event.key(), event.type(), event.subject(), event.time(), event.timeGiven(),
                EventData.of(dimensions, event.data().measures())), stored.receivedAt());
    }

    /**
     * Stores the non-null events and fills in their results. The first event of each key in the batch is
     * the one offered to the store; a later one with the same key is a duplicate or a conflict of whatever
     * ends up stored under that key.
     */
    private void store(TenantId tenant, UsageEvent[] valid, IngestResult.Item[] results, Instant now) {
        Map<EventKey, Integer> first = new HashMap<>();
        List<FingerprintedEvent> offered = new ArrayList<>();
        Set<CustomerId> subjects = new LinkedHashSet<>();
        UUID[] fingerprints = new UUID[valid.length];
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] != null) {
                FingerprintedEvent event = FingerprintedEvent.of(valid[i]);
                fingerprints[i] = event.fingerprint();
                if (first.putIfAbsent(valid[i].key(), i) == null) {
                    offered.add(event);
                    valid[i].subject().ifPresent(subjects::add);
                }
            }
        }
        if (offered.isEmpty()) {
            return;
        }
        Stored batch = transactions.inTransaction(() -> {
            SubjectStates states = subjects.isEmpty() ? SubjectStates.NONE : privacy.subjectStates(tenant, subjects);
            List<FingerprintedEvent> kept = offered;
            Set<CustomerId> live = subjects;
            if (!states.erased().isEmpty()) {
                kept = offered.stream().filter(event -> event.event().subject().map(subject -> !states.erased().contains(subject)).orElse(true))
                        .toList();
                live = new LinkedHashSet<>(subjects);
                live.removeAll(states.erased());
            }
            customers.createMissing(tenant, live, now);
            Appended stored = kept.isEmpty() ? new Appended(Set.of(), Map.of()) : events.append(tenant, kept, now, states.restricted());
            return new Stored(stored, states.erased());
        });
        Appended appended = batch.appended();
        for (int i = 0; i < valid.length; i++) {
            if (valid[i] == null) {
                continue;
            }
            if (valid[i].subject().filter(batch.erased()::contains).isPresent()) {
                results[i] = new IngestResult.Item(i, valid[i].key().id(), IngestOutcome.REJECTED, "customer '" + valid[i].subject().get().value()
                        + "' was erased at their request (GDPR Art. 17): events about them are not stored");
                continue;
            }
            EventKey key = valid[i].key();
            int firstIndex = first.get(key);
            IngestOutcome outcome;
            if (appended.stored().contains(key)) {
                outcome = firstIndex == i ? IngestOutcome.ACCEPTED
                        : fingerprints[firstIndex].equals(fingerprints[i]) ? IngestOutcome.DUPLICATE : IngestOutcome.CONFLICT;
            } else {
                outcome = fingerprints[i].equals(appended.existingFingerprints().get(key)) ? IngestOutcome.DUPLICATE : IngestOutcome.CONFLICT;
            }
            results[i] = new IngestResult.Item(i, key.id(), outcome, outcome == IngestOutcome.CONFLICT ? CONFLICT_REASON : null);
        }
    }

    /** What a batch's transaction stored, and which of its customers were erased (their events refused). */
    private record Stored(Appended appended, Set<CustomerId> erased) {
    }

    /** The CloudEvents rules: spec version 1.0; id, source, type and subject required; time RFC 3339, else now. */
    private static UsageEvent toEvent(EventSubmission attributes, Instant now, ArrivalWindow window) {
        if (attributes.specVersion() == null) {
            throw new InvalidValueException("specversion", "is required");
        }
        if (!SPEC_VERSION.equals(attributes.specVersion())) {
            throw new InvalidValueException("specversion", "must be \"1.0\"");
        }
        EventKey key = new EventKey(required("source", attributes.source()), required("id", attributes.id()));
        EventType type = EventType.of(required("type", attributes.type()));
        String subject = required("subject", attributes.subject());
        String problem = CustomerId.problemWith(subject);
        if (problem != null) {
            throw new InvalidValueException("subject", problem);
        }
        Instant time = now;
        boolean timeGiven = attributes.time() != null;
        if (timeGiven) {
            time = parseTime(attributes.time());
            Optional<String> outside = window.problemWith(time, now);
            if (outside.isPresent()) {
                throw new InvalidValueException("time", outside.get());
            }
        }
        return new UsageEvent(key, type, Optional.of(CustomerId.of(subject)), time, timeGiven,
                EventData.of(attributes.dimensions(), attributes.measures()));
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        return value;
    }

    private static Instant parseTime(String text) {
        Instant time = Rfc3339.parse(text);
        if (time == null) {
            throw new InvalidValueException("time", "must be an RFC 3339 timestamp with an offset, such as 2026-03-01T09:00:00Z");
        }
        return time;
    }
}
