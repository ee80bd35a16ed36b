package io.tally.application.service;

import io.tally.application.port.out.AuditLogPort;
import io.tally.application.port.out.CustomerStorePort;
import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.TransactionPort;
import io.tally.application.port.out.UsageEventStorePort;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerUpsert;
import io.tally.domain.tenant.Tenant;
import io.tally.domain.tenant.TenantId;
import io.tally.domain.usage.EventCursor;
import io.tally.domain.usage.EventKey;
import io.tally.domain.usage.EventType;
import io.tally.domain.usage.FingerprintedEvent;
import io.tally.domain.usage.StoredEvent;
import io.tally.domain.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** In-memory fakes of the out ports, for service tests. */
final class InMemoryStores {

    static final class Tenants implements TenantStorePort {
        final Map<TenantId, Tenant> byId = new HashMap<>();
        int settingsWrites;

        @Override
        public Optional<Tenant> find(TenantId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Tenant> findForUpdate(TenantId id) {
            return find(id);
        }

        @Override
        public Tenant createIfAbsent(Tenant candidate) {
            return byId.computeIfAbsent(candidate.id(), id -> candidate);
        }

        @Override
        public void saveSettings(Tenant tenant) {
            settingsWrites++;
            byId.put(tenant.id(), tenant);
        }
    }

    static final class Customers implements CustomerStorePort {
        final Map<TenantId, TreeMap<CustomerId, Customer>> byTenant = new HashMap<>();

        /** A single-threaded store needs no lock. */
        @Override
        public void lock(TenantId tenant, CustomerId id) {
        }

        @Override
        public Optional<Customer> find(TenantId tenant, CustomerId id) {
            return Optional.ofNullable(of(tenant).get(id));
        }

        @Override
        public CustomerUpsert upsert(TenantId tenant, CustomerId id, CustomerProfile profile, Instant now) {
            Customer existing = of(tenant).get(id);
            Customer stored = existing == null ? Customer.create(id, profile, now)
                    : Customer.restore(id, profile, existing.createdAt(), existing.profile().equals(profile) ? existing.updatedAt() : now);
            of(tenant).put(id, stored);
            return new CustomerUpsert(stored, existing == null);
        }

        @Override
        public Set<CustomerId> existing(TenantId tenant, Set<CustomerId> ids) {
            return ids.stream().filter(of(tenant)::containsKey).collect(Collectors.toSet());
        }

        @Override
        public void createMissing(TenantId tenant, Set<CustomerId> ids, Instant now) {
            ids.forEach(id -> of(tenant).putIfAbsent(id, Customer.create(id, CustomerProfile.minimal(), now)));
        }

        @Override
        public List<Customer> list(TenantId tenant, CustomerScope scope, Optional<CustomerId> after, int limit) {
            var customers = after.map(a -> of(tenant).tailMap(a, false)).orElse(of(tenant));
            return customers.values().stream().filter(c -> scope.allows(c.id())).limit(limit).toList();
        }

        private TreeMap<CustomerId, Customer> of(TenantId tenant) {
            return byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        }
    }

    static final class AuditLog implements AuditLogPort {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public void append(AuditEntry entry) {
            entries.add(entry);
        }
    }

    /** Keeps events per tenant by key, first write wins, like the unique key of the real store. */
    static final class Events implements UsageEventStorePort {
        final Map<TenantId, Map<EventKey, StoredEvent>> byTenant = new HashMap<>();

        @Override
        public Appended append(TenantId tenant, List<FingerprintedEvent> events, Instant receivedAt) {
            Map<EventKey, StoredEvent> stored = byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
            Set<EventKey> added = new HashSet<>();
            Map<EventKey, UUID> existing = new HashMap<>();
            for (FingerprintedEvent event : events) {
                StoredEvent before = stored.putIfAbsent(event.key(), new StoredEvent(event.event(), receivedAt));
                if (before == null) {
                    added.add(event.key());
                } else {
                    existing.put(event.key(), before.event().fingerprint());
                }
            }
            return new Appended(added, existing);
        }

        @Override
        public List<StoredEvent> history(TenantId tenant, CustomerId customer, Optional<EventType> type, Optional<Instant> from,
                                         Optional<Instant> to, Optional<EventCursor> after, int limit) {
            throw new AssertionError("not used by these tests");
        }
    }

    /** Runs the work directly and counts transactions; rollback itself is proven against PostgreSQL. */
    static final class Transactions implements TransactionPort {
        int started;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            started++;
            return work.get();
        }
    }

    private InMemoryStores() {
    }
}
