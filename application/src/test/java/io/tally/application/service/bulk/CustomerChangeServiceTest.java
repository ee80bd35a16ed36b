package io.tally.application.service.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tally.application.port.in.bulk.BulkResult;
import io.tally.application.port.in.bulk.ChangeCustomersCommand;
import io.tally.application.port.in.bulk.CustomerChangeQuery;
import io.tally.application.port.in.bulk.CustomerChangeRevert;
import io.tally.application.port.in.bulk.ListCustomerChangesQuery;
import io.tally.application.port.in.bulk.RevertCustomerChangeCommand;
import io.tally.application.port.out.bulk.CustomerChangeStorePort;
import io.tally.application.port.out.DataWatermarkPort;
import io.tally.application.service.InMemoryStores;
import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.bulk.BulkCounts;
import io.tally.domain.bulk.BulkOutcome;
import io.tally.domain.bulk.BulkRun;
import io.tally.domain.bulk.CustomerChange;
import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.UnprocessableException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerStatus;
import io.tally.domain.plan.Plan;
import io.tally.domain.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The bulk customer change on in-memory fakes: what BulkActions does for it, and what the service itself decides. */
class CustomerChangeServiceTest {

    static final TenantId TENANT = TenantId.of("acme");
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    final Customers store = new Customers();
    final InMemoryStores.Plans plans = new InMemoryStores.Plans();
    final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    final List<TenantId> advanced = new ArrayList<>();
    final DataWatermarkPort watermarks = new DataWatermarkPort() {
        @Override
        public Watermark current(TenantId tenant) {
            return new Watermark(advanced.size(), Optional.empty());
        }

        @Override
        public void advance(TenantId tenant) {
            advanced.add(tenant);
        }
    };
    final CustomerChangeService service = new CustomerChangeService(store, plans, watermarks, tenant -> { }, audit,
            new InMemoryStores.Transactions(audit), UUID::randomUUID, Clock.fixed(NOW, ZoneOffset.UTC));
    final Actor admin = Actor.user(TENANT, "ada", Set.of(Role.ADMIN), CustomerScope.all(), "req-1");

    @BeforeEach
    void fixture() {
        plans.create(TENANT, new Plan("basic", "Basic", List.of()), NOW);
        plans.create(TENANT, new Plan("gold", "Gold", List.of()), NOW);
        store.put("a", "basic", CustomerStatus.ACTIVE);
        store.put("b", "gold", CustomerStatus.ACTIVE);
        store.put("c", "gold", CustomerStatus.SUSPENDED);
    }

    ChangeCustomersCommand toGold(String key, boolean dryRun, String... ids) {
        return new ChangeCustomersCommand(admin, key, "hash-" + dryRun + String.join(",", ids), Optional.of(customerIds(ids)), Optional.empty(),
                Optional.of("gold"), Optional.of(CustomerStatus.ACTIVE), "promotion", dryRun);
    }

    static List<CustomerId> customerIds(String... ids) {
        return Arrays.stream(ids).map(CustomerId::of).toList();
    }

    @Test
    void aDryRunClassifiesChangesNothingAndLeavesTheKeyUnused() {
        BulkResult<CustomerChange> dry = service.changeCustomers(toGold("k1", true, "a", "b", "c", "zed"));

        assertThat(dry.run()).isEmpty();
        assertThat(dry.counts()).isEqualTo(new BulkCounts(2, 1, 1));
        assertThat(dry.outcomes()).extracting(BulkOutcome::customer, BulkOutcome::status).containsExactly(
                tuple("a", BulkOutcome.Status.APPLIED), tuple("b", BulkOutcome.Status.SKIPPED),
                tuple("c", BulkOutcome.Status.APPLIED), tuple("zed", BulkOutcome.Status.NOT_FOUND));
        assertThat(store.profile("a")).isEqualTo(new Profile("basic", CustomerStatus.ACTIVE, false));
        assertThat(audit.entries).isEmpty();
        assertThat(advanced).isEmpty();

        BulkResult<CustomerChange> real = service.changeCustomers(toGold("k1", false, "a", "b", "c", "zed"));
        assertThat(real.run()).isPresent();
        assertThat(real.replayed()).isFalse();
        assertThat(store.profile("a")).isEqualTo(new Profile("gold", CustomerStatus.ACTIVE, false));
        assertThat(store.profile("c")).isEqualTo(new Profile("gold", CustomerStatus.ACTIVE, false));
        assertThat(advanced).as("the watermark moves once, for the whole change").containsExactly(TENANT);
    }

    @Test
    void theSameKeyReplaysTheSameRequestAndRefusesAnother() {
        BulkResult<CustomerChange> first = service.changeCustomers(toGold("k1", false, "a", "c"));
        store.put("a", "basic", CustomerStatus.ACTIVE);

        BulkResult<CustomerChange> replay = service.changeCustomers(toGold("k1", false, "a", "c"));

        assertThat(replay.replayed()).isTrue();
        assertThat(replay.run()).isEqualTo(first.run());
        assertThat(replay.outcomes()).isEqualTo(first.outcomes());
        assertThat(store.profile("a").plan()).as("the replay changed nothing").isEqualTo("basic");
        assertThat(audit.entries).hasSize(1);
        assertThatThrownBy(() -> service.changeCustomers(toGold("k1", false, "a"))).isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("customer change " + first.run().orElseThrow().run().id());
    }

    @Test
    void theAuditEntryHoldsWhatWasSetAndTheCounts() {
        BulkResult<CustomerChange> made = service.changeCustomers(toGold("k1", false, "a", "b", "zed"));

        assertThat(audit.entries).hasSize(1);
        assertThat(audit.entries.getFirst().action()).isEqualTo("customer.change");
        assertThat(audit.entries.getFirst().target()).isEqualTo("customer-change:" + made.run().orElseThrow().run().id());
        assertThat(audit.entries.getFirst().details()).containsEntry("changed", 1).containsEntry("not_found", 1).containsEntry("skipped", 1)
                .containsEntry("scope", "3 customer ids").containsEntry("set", Map.of("plan", "gold", "status", "active"))
                .containsEntry("idempotency_key", "k1").containsEntry("reason", "promotion");
    }

    @Test
    void aChangeThatChangesNoOneLeavesTheWatermark() {
        service.changeCustomers(toGold("k1", false, "b", "zed"));

        assertThat(advanced).isEmpty();
    }

    @Nested
    class Refusals {

        @Test
        void aPlanTheTenantDidNotDefineIsRefusedWithItsPlans() {
            ChangeCustomersCommand command = new ChangeCustomersCommand(admin, "k1", "h", Optional.of(customerIds("a")), Optional.empty(),
                    Optional.of("platinum"), Optional.empty(), "r", false);

            assertThatThrownBy(() -> service.changeCustomers(command)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("basic, gold").extracting(e -> ((InvalidValueException) e).field()).isEqualTo("set.plan");
            assertThat(store.profile("a").plan()).isEqualTo("basic");
        }

        @Test
        void nothingToSetIsRefused() {
            ChangeCustomersCommand command = new ChangeCustomersCommand(admin, "k1", "h", Optional.of(customerIds("a")), Optional.empty(),
                    Optional.empty(), Optional.empty(), "r", false);

            assertThatThrownBy(() -> service.changeCustomers(command)).extracting(e -> ((InvalidValueException) e).field()).isEqualTo("set");
        }

        @Test
        void eitherIdsOrAPlan() {
            ChangeCustomersCommand both = new ChangeCustomersCommand(admin, "k1", "h", Optional.of(customerIds("a")), Optional.of("basic"),
                    Optional.of("gold"), Optional.empty(), "r", false);

            assertThatThrownBy(() -> service.changeCustomers(both)).extracting(e -> ((InvalidValueException) e).field()).isEqualTo("customer_ids");
        }

        @Test
        void onlyAdminsOfTheWholeTenant() {
            Actor manager = Actor.user(TENANT, "max", Set.of(Role.MANAGER), CustomerScope.all(), "r");
            Actor limited = Actor.user(TENANT, "lin", Set.of(Role.ADMIN), CustomerScope.only(Set.of(CustomerId.of("a"))), "r");

            assertThatThrownBy(() -> service.listCustomerChanges(new ListCustomerChangesQuery(manager, Optional.empty(), 10)))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> service.listCustomerChanges(new ListCustomerChangesQuery(limited, Optional.empty(), 10)))
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aRevertPutsBackWhatTheChangeLeftKeepsWhatChangedSinceAndHappensOnce() {
        UUID id = service.changeCustomers(toGold("k1", false, "a", "c")).run().orElseThrow().run().id();
        store.put("c", "basic", CustomerStatus.CLOSED);

        CustomerChangeRevert revert = service.revertCustomerChange(new RevertCustomerChangeCommand(admin, id));

        assertThat(store.profile("a")).isEqualTo(new Profile("basic", CustomerStatus.ACTIVE, false));
        assertThat(store.profile("c")).as("changed since: kept").isEqualTo(new Profile("basic", CustomerStatus.CLOSED, false));
        assertThat(revert.change().restoration()).contains(new CustomerChange.Restoration(1, 1));
        assertThat(revert.change().run().revertedBy()).contains("ada");
        assertThat(revert.kept()).extracting(BulkOutcome::customer).containsExactly("c");
        assertThat(audit.entries).extracting(entry -> entry.action()).containsExactly("customer.change", "customer.change.reverted");
        assertThat(audit.entries.getLast().details()).containsEntry("restored", 1).containsEntry("kept", 1).containsEntry("changed", 2);
        assertThat(advanced).hasSize(2);

        assertThatThrownBy(() -> service.revertCustomerChange(new RevertCustomerChangeCommand(admin, id))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("reverted already");
        assertThat(audit.entries).hasSize(2);
        assertThat(service.getCustomerChange(new CustomerChangeQuery(admin, id)).run().orElseThrow().restoration())
                .contains(new CustomerChange.Restoration(1, 1));
    }

    record Profile(String plan, CustomerStatus status, boolean erased) {
    }

    /** Customers by external id and the changes made to them, classified as the SQL of the persistence adapter does. */
    static final class Customers implements CustomerChangeStorePort {

        final Map<String, Profile> customers = new TreeMap<>();
        final Map<UUID, CustomerChange> changes = new LinkedHashMap<>();
        final Map<String, UUID> keys = new HashMap<>();
        final Map<UUID, String> hashes = new HashMap<>();
        final Map<UUID, List<BulkOutcome>> outcomes = new HashMap<>();
        /** Per change, per customer changed: before and after. */
        final Map<UUID, Map<String, Profile[]>> changed = new HashMap<>();

        void put(String id, String plan, CustomerStatus status) {
            customers.put(id, new Profile(plan, status, false));
        }

        Profile profile(String id) {
            return customers.get(id);
        }

        @Override
        public Optional<Stored<CustomerChange>> findByIdempotencyKey(TenantId tenant, String key) {
            return Optional.ofNullable(keys.get(key)).map(id -> new Stored<>(changes.get(id), hashes.get(id)));
        }

        @Override
        public boolean insert(TenantId tenant, CustomerChange change, String key, String requestHash) {
            if (keys.containsKey(key)) {
                return false;
            }
            keys.put(key, change.run().id());
            hashes.put(change.run().id(), requestHash);
            changes.put(change.run().id(), change);
            return true;
        }

        @Override
        public List<BulkOutcome> apply(TenantId tenant, CustomerChange change, CustomerSelection selection, boolean dryRun, Instant now) {
            List<String> selected = switch (selection) {
                case CustomerSelection.Ids ids -> ids.ids().stream().map(CustomerId::value).toList();
                case CustomerSelection.OnPlan plan -> customers.entrySet().stream().filter(e -> plan.plan().equals(e.getValue().plan()))
                        .map(Map.Entry::getKey).toList();
            };
            List<BulkOutcome> result = new ArrayList<>();
            for (String id : selected) {
                Profile before = customers.get(id);
                if (before == null) {
                    result.add(new BulkOutcome(id, BulkOutcome.Status.NOT_FOUND, Optional.empty()));
                    continue;
                }
                Profile after = new Profile(change.plan().orElse(before.plan()), change.status().orElse(before.status()), before.erased());
                if (before.erased() || after.equals(before)) {
                    result.add(new BulkOutcome(id, BulkOutcome.Status.SKIPPED, Optional.of(before.erased() ? "erased" : "already")));
                    continue;
                }
                result.add(new BulkOutcome(id, BulkOutcome.Status.APPLIED, Optional.empty()));
                if (!dryRun) {
                    customers.put(id, after);
                    changed.computeIfAbsent(change.run().id(), c -> new LinkedHashMap<>()).put(id, new Profile[] {before, after});
                }
            }
            return result;
        }

        @Override
        public List<BulkOutcome> restore(TenantId tenant, UUID change, Instant now) {
            List<BulkOutcome> result = new ArrayList<>();
            int restored = 0;
            for (Map.Entry<String, Profile[]> entry : changed.getOrDefault(change, Map.of()).entrySet()) {
                Profile current = customers.get(entry.getKey());
                if (!current.erased() && Objects.equals(current, entry.getValue()[1])) {
                    customers.put(entry.getKey(), entry.getValue()[0]);
                    result.add(new BulkOutcome(entry.getKey(), BulkOutcome.Status.APPLIED, Optional.empty()));
                    restored++;
                } else {
                    result.add(new BulkOutcome(entry.getKey(), BulkOutcome.Status.SKIPPED, Optional.of("changed since")));
                }
            }
            CustomerChange stored = changes.get(change);
            changes.put(change, new CustomerChange(stored.run(), stored.plan(), stored.status(),
                    Optional.of(new CustomerChange.Restoration(restored, result.size() - restored))));
            result.sort(Comparator.comparing(BulkOutcome::customer));
            return result;
        }

        @Override
        public void complete(TenantId tenant, UUID id, List<BulkOutcome> given) {
            outcomes.put(id, List.copyOf(given));
            changes.put(id, changes.get(id).withRun(changes.get(id).run().withCounts(BulkCounts.of(given))));
        }

        @Override
        public Optional<CustomerChange> find(TenantId tenant, UUID id) {
            return Optional.ofNullable(changes.get(id));
        }

        @Override
        public List<BulkOutcome> outcomes(TenantId tenant, UUID id) {
            return outcomes.getOrDefault(id, List.of());
        }

        @Override
        public List<CustomerChange> list(TenantId tenant, Optional<UUID> after, int limit) {
            return changes.values().stream().sorted(Comparator.comparing((CustomerChange c) -> c.run().createdAt()).reversed()).limit(limit).toList();
        }

        @Override
        public boolean revert(TenantId tenant, UUID id, String actor, Instant at) {
            CustomerChange change = changes.get(id);
            if (change.run().revertedAt().isPresent()) {
                return false;
            }
            BulkRun run = change.run();
            changes.put(id, change.withRun(new BulkRun(run.id(), run.reason(), run.actor(), run.requestId(), run.scope(),
                    run.createdAt(), run.counts(), Optional.of(at), Optional.of(actor))));
            return true;
        }
    }
}
