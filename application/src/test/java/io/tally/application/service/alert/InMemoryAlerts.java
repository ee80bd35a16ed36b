package io.tally.application.service.alert;

import io.tally.application.port.out.alert.AlertStorePort;
import io.tally.application.service.InMemoryStores;
import io.tally.domain.alert.AlertEvent;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertSubject;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.delivery.Channel;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@link AlertStorePort} in memory, for any number of tenants, as AlertPersistenceAdapter keeps them: rules listed in id
 * order (PostgreSQL's uuid order, that of their text), a rule deleted with its states and its last evaluation while its
 * events stay, events newest first (time, then id), notifications in channel order with their attempts, pending ones
 * handed over by when they are due. A {@link InMemoryStores.Transactions} given it puts its contents back when a
 * transaction fails.
 */
final class InMemoryAlerts implements AlertStorePort, InMemoryStores.Transactional {

    /** PostgreSQL orders uuids byte by byte, which is the order of their text. */
    static final Comparator<UUID> UUID_ORDER = Comparator.comparing(UUID::toString);
    private static final Comparator<AlertEvent> NEWEST_FIRST = Comparator.comparing(AlertEvent::at).thenComparing(AlertEvent::id, UUID_ORDER)
            .reversed();

    record Key(TenantId tenant, UUID id) {
    }

    record StoredEvent(TenantId tenant, AlertEvent event) {
    }

    record StoredNotification(TenantId tenant, Delivery notification) {
    }

    final Map<TenantId, TreeMap<UUID, AlertRule>> rules = new HashMap<>();
    final Map<Key, List<StoredState>> states = new HashMap<>();
    final Map<Key, LastEvaluation> evaluations = new HashMap<>();
    final Map<UUID, StoredEvent> events = new LinkedHashMap<>();
    final Map<UUID, StoredNotification> notifications = new LinkedHashMap<>();

    @Override
    public void create(TenantId tenant, AlertRule rule) {
        if (of(tenant).putIfAbsent(rule.id(), rule) != null) {
            throw new IllegalStateException("an alert rule with the id " + rule.id() + " exists already (primary key)");
        }
    }

    @Override
    public Optional<AlertRule> find(TenantId tenant, UUID id) {
        return Optional.ofNullable(of(tenant).get(id));
    }

    /** A single-threaded store needs no lock. */
    @Override
    public Optional<AlertRule> findForUpdate(TenantId tenant, UUID id) {
        return find(tenant, id);
    }

    @Override
    public List<AlertRule> list(TenantId tenant, Optional<UUID> after, int limit) {
        return (after.isPresent() ? of(tenant).tailMap(after.get(), false) : of(tenant)).values().stream().limit(limit).toList();
    }

    @Override
    public void update(TenantId tenant, AlertRule rule) {
        if (of(tenant).replace(rule.id(), rule) == null) {
            throw new IllegalStateException("no alert rule " + rule.id());
        }
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        states.remove(new Key(tenant, id));
        evaluations.remove(new Key(tenant, id));
        return of(tenant).remove(id) != null;
    }

    @Override
    public List<Enabled> enabled() {
        List<Enabled> enabled = new ArrayList<>();
        rules.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(TenantId::value))).forEach(entry -> entry.getValue().values()
                .stream().filter(rule -> rule.definition().enabled()).forEach(rule -> enabled.add(new Enabled(entry.getKey(), rule))));
        return enabled;
    }

    /** By subject: the tenant ({@code ''}) first, then the customers by id. */
    @Override
    public List<StoredState> states(TenantId tenant, UUID rule) {
        return states.getOrDefault(new Key(tenant, rule), List.of()).stream()
                .sorted(Comparator.comparing((StoredState stored) -> stored.subject().customer().map(id -> id.value()).orElse(""))).toList();
    }

    @Override
    public void saveStates(TenantId tenant, UUID rule, List<StoredState> saved, Instant at) {
        states.put(new Key(tenant, rule), List.copyOf(saved));
        evaluations.put(new Key(tenant, rule), new LastEvaluation(at, Optional.empty()));
    }

    @Override
    public void recordFailure(TenantId tenant, UUID rule, Instant at, String error) {
        if (of(tenant).containsKey(rule)) {
            evaluations.put(new Key(tenant, rule), new LastEvaluation(at, Optional.of(error)));
        }
    }

    @Override
    public Optional<LastEvaluation> lastEvaluation(TenantId tenant, UUID rule) {
        return Optional.ofNullable(evaluations.get(new Key(tenant, rule)));
    }

    @Override
    public void addEvent(TenantId tenant, AlertEvent event, List<Delivery> made) {
        if (events.putIfAbsent(event.id(), new StoredEvent(tenant, event)) != null) {
            throw new IllegalStateException("an alert event with the id " + event.id() + " exists already (primary key)");
        }
        for (Delivery notification : made) {
            if (!notification.source().equals(event.id())) {
                throw new IllegalStateException("a notification of another event (foreign key)");
            }
            notifications.put(notification.id(), new StoredNotification(tenant, notification));
        }
    }

    @Override
    public Optional<AlertEvent> findEvent(TenantId tenant, UUID id) {
        return Optional.ofNullable(events.get(id)).filter(stored -> stored.tenant().equals(tenant)).map(StoredEvent::event);
    }

    @Override
    public List<AlertEvent> history(TenantId tenant, UUID rule, Optional<EventCursor> before, int limit) {
        return newestFirst(tenant, event -> event.rule().equals(Optional.of(rule)), before, limit);
    }

    @Override
    public List<AlertEvent> notifiedEvents(TenantId tenant, EventFilter filter, Optional<EventCursor> before, int limit) {
        return newestFirst(tenant, event -> event.notified()
                && filter.severity().map(severity -> severity == event.severity()).orElse(true)
                && filter.rule().map(rule -> event.rule().equals(Optional.of(rule))).orElse(true)
                && filter.subject().map(subject -> subject.equals(event.subject().key())).orElse(true)
                && filter.from().map(from -> !event.at().isBefore(from)).orElse(true)
                && filter.to().map(to -> event.at().isBefore(to)).orElse(true), before, limit);
    }

    private List<AlertEvent> newestFirst(TenantId tenant, Predicate<AlertEvent> matching, Optional<EventCursor> before, int limit) {
        return events.values().stream().filter(stored -> stored.tenant().equals(tenant)).map(StoredEvent::event).filter(matching)
                .filter(event -> before.isEmpty() || NEWEST_FIRST.compare(event, cursorEvent(before.get(), event)) > 0)
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    /** An event standing for the cursor's place, to compare with the same order. */
    private static AlertEvent cursorEvent(EventCursor cursor, AlertEvent like) {
        return new AlertEvent(cursor.id(), like.kind(), like.rule(), like.ruleName(), like.severity(), like.subject(), like.from(), like.to(),
                like.value(), like.threshold(), cursor.at(), like.notified());
    }

    @Override
    public List<Delivery> notifications(TenantId tenant, UUID event) {
        return notifications.values().stream().filter(stored -> stored.tenant().equals(tenant) && stored.notification().source().equals(event))
                .map(StoredNotification::notification).sorted(Comparator.comparingInt(Delivery::position)).toList();
    }

    @Override
    public Optional<Delivery> findNotification(TenantId tenant, UUID id) {
        return Optional.ofNullable(notifications.get(id)).filter(stored -> stored.tenant().equals(tenant)).map(StoredNotification::notification);
    }

    @Override
    public void recordAttempt(TenantId tenant, UUID id, Delivery.Attempt attempt, Delivery.Status status, Optional<Instant> next) {
        Delivery notification = findNotification(tenant, id).orElseThrow(() -> new IllegalStateException("no notification " + id));
        List<Delivery.Attempt> attempts = new ArrayList<>(notification.attempts());
        attempts.add(attempt);
        notifications.put(id, new StoredNotification(tenant, new Delivery(id, notification.source(), notification.position(), notification.channel(),
                status, attempts, next)));
    }

    @Override
    public List<Pending> pendingNotifications(Instant before, int limit) {
        return notifications.values().stream()
                .filter(stored -> stored.notification().status() == Delivery.Status.PENDING
                        && stored.notification().nextAttemptAt().filter(due -> due.isBefore(before)).isPresent())
                .map(stored -> new Pending(stored.tenant(), stored.notification().id(), stored.notification().nextAttemptAt().orElseThrow()))
                .sorted(Comparator.comparing(Pending::due)).limit(limit).toList();
    }

    // ---- for tests

    /** Every event of the tenant, newest first. */
    List<AlertEvent> events(TenantId tenant) {
        return newestFirst(tenant, event -> true, Optional.empty(), Integer.MAX_VALUE);
    }

    /** The state of one subject of a rule. */
    Optional<StoredState> state(TenantId tenant, UUID rule, AlertSubject subject) {
        return states(tenant, rule).stream().filter(stored -> stored.subject().equals(subject)).findFirst();
    }

    /** The tenants {@link #tenantsWithQuotaAlerts} answers. */
    final java.util.Set<TenantId> quotaTenants = new java.util.LinkedHashSet<>();
    private final Map<TenantId, List<Channel>> channels = new HashMap<>();
    private final java.util.Set<List<Object>> crossings = new java.util.HashSet<>();

    @Override
    public List<Channel> defaultChannels(TenantId tenant) {
        return channels.getOrDefault(tenant, List.of());
    }

    @Override
    public void saveDefaultChannels(TenantId tenant, List<Channel> given) {
        channels.put(tenant, List.copyOf(given));
    }

    @Override
    public boolean recordQuotaCrossing(TenantId tenant, CustomerId customer, String meter, Instant periodStart, int pct, UUID event) {
        return crossings.add(List.of(tenant, customer, meter, periodStart, pct));
    }

    @Override
    public List<TenantId> tenantsWithQuotaAlerts() {
        return List.copyOf(quotaTenants);
    }

    @Override
    public Runnable snapshot() {
        Map<TenantId, TreeMap<UUID, AlertRule>> savedRules = new HashMap<>();
        rules.forEach((tenant, byId) -> savedRules.put(tenant, new TreeMap<>(byId)));
        Map<Key, List<StoredState>> savedStates = new HashMap<>(states);
        Map<Key, LastEvaluation> savedEvaluations = new HashMap<>(evaluations);
        Map<UUID, StoredEvent> savedEvents = new LinkedHashMap<>(events);
        Map<UUID, StoredNotification> savedNotifications = new LinkedHashMap<>(notifications);
        return () -> {
            rules.clear();
            savedRules.forEach((tenant, byId) -> rules.put(tenant, new TreeMap<>(byId)));
            states.clear();
            states.putAll(savedStates);
            evaluations.clear();
            evaluations.putAll(savedEvaluations);
            events.clear();
            events.putAll(savedEvents);
            notifications.clear();
            notifications.putAll(savedNotifications);
        };
    }

    private TreeMap<UUID, AlertRule> of(TenantId tenant) {
        return rules.computeIfAbsent(tenant, t -> new TreeMap<>(UUID_ORDER));
    }
}
