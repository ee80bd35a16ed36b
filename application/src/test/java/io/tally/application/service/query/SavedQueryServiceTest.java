package io.tally.application.service.query;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.customerUser;
import static io.tally.application.service.TestData.event;
import static io.tally.application.service.TestData.param;
import static io.tally.application.service.TestData.profile;
import static io.tally.application.service.TestData.requiredParam;
import static io.tally.application.service.TestData.savedQuery;
import static io.tally.application.service.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.tally.application.port.in.Page;
import io.tally.application.port.in.analytics.AnalyticsQuery;
import io.tally.application.port.in.analytics.AnalyticsResult;
import io.tally.application.port.in.analytics.QueryAnalyticsUseCase;
import io.tally.application.port.in.analytics.QueryDefinition;
import io.tally.domain.analytics.Period;
import io.tally.application.port.in.query.ChangeSavedQueryCommand;
import io.tally.application.port.in.query.ListSavedQueriesQuery;
import io.tally.application.port.in.query.ListSavedQueryVersionsQuery;
import io.tally.application.port.in.query.RunSavedQueryCommand;
import io.tally.application.port.in.query.SaveQueryCommand;
import io.tally.application.port.in.query.SavedQueryAnswer;
import io.tally.application.port.in.query.SavedQueryIdCommand;
import io.tally.application.port.in.query.SavedQueryIdQuery;
import io.tally.application.port.in.query.SavedQueryView;
import io.tally.application.port.out.SavedQueryStorePort;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.MeterService;
import io.tally.application.service.TenantService;
import io.tally.application.service.TestClock;
import io.tally.application.service.TestData;
import io.tally.application.service.UsageAnalyticsService;
import io.tally.application.service.metric.BillingMeasures;
import io.tally.application.service.metric.MetricEngine;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.billing.MrrPolicy;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.RunStats;
import io.tally.domain.query.SavedQuery;
import io.tally.domain.query.SavedQueryVersion;
import io.tally.domain.query.Visibility;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Saved queries on the in-memory stores, run through the real analytics service over in-memory events. The tenant is
 * in UTC; alpha made 2 calls three days ago, 1 two days ago and 3 yesterday, beta 1 yesterday. Each run takes
 * {@link #runTime} by the test clock, which the analytics service moves on while it answers.
 */
class SavedQueryServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    /** Calls of a customer per day over a relative period. */
    private static final Map<String, Object> CALLS_OF_A_CUSTOMER = Map.of("metric", "calls", "customer", "{{customer}}", "period", "{{period}}",
            "tz", "UTC");

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.Customers customers = new InMemoryStores.Customers();
    private final InMemoryStores.Events events = new InMemoryStores.Events();
    private final InMemoryStores.Usage usage = new InMemoryStores.Usage(events);
    private final InMemoryStores.Meters meters = new InMemoryStores.Meters();
    private final InMemoryStores.Metrics metrics = new InMemoryStores.Metrics();
    private final InMemoryStores.SavedQueries store = new InMemoryStores.SavedQueries();
    private final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    private final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions(store, audit);
    private final TenantService tenantService = new TenantService(tenants, new InMemoryStores.AuditLog(), new InMemoryStores.Transactions(), clock);
    private final UsageAnalyticsService analytics = new UsageAnalyticsService(usage, customers, metrics, tenantService,
            new MeterService(meters, new InMemoryStores.Plans(), metrics, tenantService, new InMemoryStores.AuditLog(),
                    new InMemoryStores.Transactions(), clock),
            new MetricEngine(usage, meters, new BillingMeasures(new InMemoryStores.Billing(customers), MrrPolicy.DEFAULT)), clock);
    private Duration runTime = Duration.ofMillis(125);
    private final QueryAnalyticsUseCase timedAnalytics = new QueryAnalyticsUseCase() {
        @Override
        public AnalyticsResult queryAnalytics(AnalyticsQuery query) {
            AnalyticsResult result = analytics.queryAnalytics(query);
            clock.advance(runTime);
            return result;
        }

        @Override
        public Period periodOf(AnalyticsQuery query) {
            return analytics.periodOf(query);
        }
    };
    private int ids;
    private final SavedQueryService service = new SavedQueryService(store, timedAnalytics, metrics, meters, tenantService::current, audit,
            transactions, () -> new UUID(0, ++ids), clock);

    private final Actor owner = user("olga", Role.ANALYST);
    private final Actor viewer = user("val", Role.VIEWER);
    private final Actor otherViewer = user("vic", Role.VIEWER);
    private final Actor manager = user("max", Role.MANAGER);

    @BeforeEach
    void theCalls() {
        customers.upsert(TENANT, CustomerId.of("alpha"), profile().build(), NOW);
        customers.upsert(TENANT, CustomerId.of("beta"), profile().build(), NOW);
        calls("alpha", 3, 2);
        calls("alpha", 2, 1);
        calls("alpha", 1, 3);
        calls("beta", 1, 1);
    }

    private void calls(String customer, int daysAgo, int count) {
        for (int i = 0; i < count; i++) {
            event("call", TODAY.minusDays(daysAgo).atTime(9, i).toInstant(ZoneOffset.UTC)).customer(customer).dimension("outcome", "completed")
                    .sendTo(events);
        }
    }

    /** The query of a customer's calls, its customer required, its period last_7_days unless last_30_days is given. */
    private static TestData.DefinitionBuilder callsOfACustomer(String name) {
        return savedQuery(name, CALLS_OF_A_CUSTOMER).param(requiredParam("customer", ParamType.CUSTOMER))
                .param(param("period", ParamType.PERIOD, "last_7_days", "last_7_days", "last_30_days"));
    }

    private SavedQueryView save(Actor actor, TestData.DefinitionBuilder definition) {
        return service.saveQuery(new SaveQueryCommand(actor, definition.build()));
    }

    private SavedQueryView change(Actor actor, UUID id, TestData.DefinitionBuilder definition) {
        return service.changeSavedQuery(new ChangeSavedQueryCommand(actor, id, definition.build()));
    }

    private SavedQueryAnswer run(Actor actor, UUID id, Map<String, Object> params) {
        return service.runSavedQuery(new RunSavedQueryCommand(actor, id, params));
    }

    private SavedQueryView get(Actor actor, UUID id) {
        return service.getSavedQuery(new SavedQueryIdQuery(actor, id));
    }

    private List<SavedQueryVersion> versions(UUID id) {
        return service.listSavedQueryVersions(new ListSavedQueryVersionsQuery(owner, id, Optional.empty(), 100)).items();
    }

    private List<UUID> listed(Actor actor, Optional<Visibility> visibility) {
        return service.listSavedQueries(new ListSavedQueriesQuery(actor, visibility, Optional.empty(), 50)).items().stream()
                .map(view -> view.query().id()).toList();
    }

    private static List<BigDecimal> values(SavedQueryAnswer answer) {
        return answer.result().only().groups().getFirst().values();
    }

    private static List<BigDecimal> numbers(int... values) {
        return Arrays.stream(values).mapToObj(BigDecimal::valueOf).toList();
    }

    private static void assertRefusedNaming(Throwable thrown, String field, String message) {
        assertThat(thrown).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field)).hasMessage(message);
    }

    @Nested
    class Saving {

        @Test
        void aViewerSavesAPrivateQueryAsItsFirstVersionAndItIsAudited() {
            SavedQueryView saved = save(viewer, callsOfACustomer("Calls of a customer"));

            SavedQuery query = saved.query();
            assertThat(query.id()).isEqualTo(new UUID(0, 1));
            assertThat(query.owner()).isEqualTo("val");
            assertThat(query.version()).isEqualTo(1);
            assertThat(query.definition().visibility()).isEqualTo(Visibility.PRIVATE);
            assertThat(query.createdAt()).isEqualTo(NOW);
            assertThat(saved.stats()).isEqualTo(RunStats.NONE);
            assertThat(store.find(TENANT, query.id())).isPresent();
            assertThat(store.versions(TENANT, query.id(), Optional.empty(), 10)).singleElement().satisfies(version -> {
                assertThat(version.version()).isEqualTo(1);
                assertThat(version.savedBy()).isEqualTo("val");
                assertThat(version.savedAt()).isEqualTo(NOW);
            });
            assertThat(audit.entries).containsExactly(new AuditEntry(TENANT, NOW, "val", "query.saved", "query:" + query.id(),
                    orderedMap("name", "Calls of a customer", "visibility", "private", "version", 1, "owner", "val"), "req-val"));
        }

        @Test
        void sharingAQueryWithTheTenantIsRefusedToAViewer() {
            assertThatThrownBy(() -> save(viewer, callsOfACustomer("Calls of a customer").shared())).isInstanceOf(ForbiddenException.class);

            assertThat(store.byTenant.getOrDefault(TENANT, Map.of())).isEmpty();
            assertThat(audit.entries).isEmpty();
        }

        @Test
        void aDefinitionThatIsNoQueryIsRefusedWhenSavedNamingTheField() {
            assertRefusedNaming(catchThrowable(() -> save(owner, savedQuery("x", Map.of("metric", "nothing_like_it")))), "query.metric",
                    "'nothing_like_it' is not a metric of this tenant; GET /api/v1/metrics lists them");
            assertRefusedNaming(catchThrowable(() -> save(owner, savedQuery("x", Map.of("metrics", List.of("calls", "nothing_like_it"))))),
                    "query.metrics[1]", "'nothing_like_it' is not a metric of this tenant; GET /api/v1/metrics lists them");
            assertRefusedNaming(catchThrowable(() -> save(owner, savedQuery("x", Map.of("meter", "nothing_like_it")))), "query.meter",
                    "'nothing_like_it' is not a meter of this tenant; GET /api/v1/meters lists them");
            // checked with each parameter's default: a bucket of "fortnight" is none
            Throwable badDefault = catchThrowable(() -> save(owner, savedQuery("x", Map.of("metric", "calls", "bucket", "{{size}}"))
                    .param(param("size", ParamType.DIMENSION_VALUE, "fortnight"))));
            assertThat(badDefault).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("query.bucket"));

            assertThat(store.byTenant.getOrDefault(TENANT, Map.of())).isEmpty();
        }

        @Test
        void aFailingAuditWriteLeavesNoQueryBehind() {
            audit.failWith(new IllegalStateException("audit log unavailable"));

            assertThatThrownBy(() -> save(owner, callsOfACustomer("Calls of a customer"))).isInstanceOf(IllegalStateException.class);

            assertThat(store.byTenant.getOrDefault(TENANT, Map.of())).isEmpty();
        }
    }

    @Nested
    class Seeing {

        @Test
        void anotherUsersPrivateQueryDoesNotExistForThemEvenForAManager() {
            UUID mine = save(owner, callsOfACustomer("Mine")).query().id();

            assertThatThrownBy(() -> get(manager, mine)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> run(manager, mine, Map.of("customer", "alpha"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.listSavedQueryVersions(new ListSavedQueryVersionsQuery(manager, mine, Optional.empty(), 10)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.deleteSavedQuery(new SavedQueryIdCommand(manager, mine))).isInstanceOf(NotFoundException.class);
            assertThat(get(owner, mine).query().id()).isEqualTo(mine);
        }

        @Test
        void theListHoldsOnesOwnAndTheSharedQueriesOldestFirst() {
            UUID olgasPrivate = save(owner, callsOfACustomer("Olga's")).query().id();
            clock.advance(Duration.ofSeconds(1));
            UUID shared = save(owner, callsOfACustomer("Everyone's").shared()).query().id();
            clock.advance(Duration.ofSeconds(1));
            UUID vicsPrivate = save(otherViewer, callsOfACustomer("Vic's")).query().id();

            assertThat(listed(owner, Optional.empty())).containsExactly(olgasPrivate, shared);
            assertThat(listed(otherViewer, Optional.empty())).containsExactly(shared, vicsPrivate);
            assertThat(listed(otherViewer, Optional.of(Visibility.TENANT))).containsExactly(shared);

            Page<SavedQueryView> first = service.listSavedQueries(new ListSavedQueriesQuery(owner, Optional.empty(), Optional.empty(), 1));
            SavedQuery last = first.continueAfter().orElseThrow().query();
            Page<SavedQueryView> second = service.listSavedQueries(new ListSavedQueriesQuery(owner, Optional.empty(),
                    Optional.of(new SavedQueryStorePort.Cursor(last.createdAt(), last.id())), 1));
            assertThat(first.items()).extracting(view -> view.query().id()).containsExactly(olgasPrivate);
            assertThat(second.items()).extracting(view -> view.query().id()).containsExactly(shared);
            assertThat(second.hasMore()).isFalse();
        }
    }

    @Nested
    class Changing {

        @Test
        void aManagerMayChangeAnotherUsersSharedQueryAsItsNextVersion() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer").shared()).query().id();
            clock.advance(Duration.ofMinutes(1));

            SavedQuery changed = change(manager, id, callsOfACustomer("Weekly calls").shared()).query();

            assertThat(changed.version()).isEqualTo(2);
            assertThat(changed.owner()).isEqualTo("olga");
            assertThat(changed.definition().name()).isEqualTo("Weekly calls");
            assertThat(changed.createdAt()).isEqualTo(NOW);
            assertThat(changed.updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
            assertThat(versions(id)).extracting(SavedQueryVersion::version, SavedQueryVersion::savedBy, version -> version.definition().name())
                    .containsExactly(tuple(2, "max", "Weekly calls"),
                            tuple(1, "olga", "Calls of a customer"));
            assertThat(audit.entries.getLast()).isEqualTo(new AuditEntry(TENANT, NOW.plus(Duration.ofMinutes(1)), "max", "query.changed",
                    "query:" + id, orderedMap("name", "Weekly calls", "visibility", "tenant", "version", 2, "owner", "olga", "previous_version", 1),
                    "req-max"));
        }

        @Test
        void aManagerMayNotChangeAnotherUsersPrivateQueryWhichDoesNotExistForThem() {
            UUID id = save(owner, callsOfACustomer("Mine")).query().id();

            assertThatThrownBy(() -> change(manager, id, callsOfACustomer("Theirs"))).isInstanceOf(NotFoundException.class);

            assertThat(store.find(TENANT, id).orElseThrow().version()).isEqualTo(1);
        }

        @Test
        void aViewerMayNotChangeNorDeleteASharedQueryTheyDoNotOwn() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer").shared()).query().id();

            assertThatThrownBy(() -> change(viewer, id, callsOfACustomer("Mine now").shared())).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> service.deleteSavedQuery(new SavedQueryIdCommand(viewer, id))).isInstanceOf(ForbiddenException.class);

            assertThat(store.find(TENANT, id).orElseThrow().definition().name()).isEqualTo("Calls of a customer");
        }

        @Test
        void aViewerMayNotShareTheirOwnQueryByChangingIt() {
            UUID id = save(viewer, callsOfACustomer("Mine")).query().id();

            assertThatThrownBy(() -> change(viewer, id, callsOfACustomer("Mine").shared())).isInstanceOf(ForbiddenException.class);
            assertThat(store.find(TENANT, id).orElseThrow().definition().visibility()).isEqualTo(Visibility.PRIVATE);
        }

        @Test
        void everyChangeIsANewVersionAndTheEarlierOnesAreKept() {
            UUID id = save(owner, callsOfACustomer("v1")).query().id();
            change(owner, id, callsOfACustomer("v2"));
            change(owner, id, callsOfACustomer("v3"));

            assertThat(versions(id)).extracting(SavedQueryVersion::version).containsExactly(3, 2, 1);
            assertThat(versions(id)).extracting(version -> version.definition().name()).containsExactly("v3", "v2", "v1");
            Page<SavedQueryVersion> beforeThree = service.listSavedQueryVersions(new ListSavedQueryVersionsQuery(owner, id, Optional.of(3), 1));
            assertThat(beforeThree.items()).extracting(SavedQueryVersion::version).containsExactly(2);
            assertThat(beforeThree.hasMore()).isTrue();
            assertThat(audit.entries).extracting(AuditEntry::action).containsExactly("query.saved", "query.changed", "query.changed");
        }

        @Test
        void aFailingAuditWriteLeavesTheQueryAsItWas() {
            UUID id = save(owner, callsOfACustomer("v1")).query().id();
            audit.failWith(new IllegalStateException("audit log unavailable"));

            assertThatThrownBy(() -> change(owner, id, callsOfACustomer("v2"))).isInstanceOf(IllegalStateException.class);

            assertThat(store.find(TENANT, id).orElseThrow().version()).isEqualTo(1);
            assertThat(versions(id)).extracting(SavedQueryVersion::version).containsExactly(1);
        }

        @Test
        void theOwnerDeletesItAndTheDeletionIsAudited() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer").shared()).query().id();

            service.deleteSavedQuery(new SavedQueryIdCommand(owner, id));

            assertThatThrownBy(() -> get(owner, id)).isInstanceOf(NotFoundException.class);
            assertThat(audit.entries.getLast().action()).isEqualTo("query.deleted");
            assertThat(audit.entries.getLast().target()).isEqualTo("query:" + id);
        }
    }

    @Nested
    class Running {

        @Test
        void itAnswersWithTheGivenValuesAndTheDefaultsExactlyAsTheQueryWould() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer").shared()).query().id();

            SavedQueryAnswer lastWeek = run(owner, id, Map.of("customer", "alpha"));
            SavedQueryAnswer lastMonth = run(owner, id, Map.of("customer", "beta", "period", "last_30_days"));

            // last_7_days is today − 6 … today: alpha called 2, 1 and 3 times three, two and one days ago
            assertThat(lastWeek.ran().customer()).contains(CustomerId.of("alpha"));
            assertThat(lastWeek.result().period().from()).isEqualTo(TODAY.minusDays(6));
            assertThat(values(lastWeek)).usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers(0, 0, 0, 2, 1, 3, 0));
            // last_30_days is today − 29 … today: beta's one call yesterday is the 29th value
            assertThat(values(lastMonth)).hasSize(30);
            assertThat(values(lastMonth).get(28)).isEqualByComparingTo("1");
            QueryDefinition same = QueryDefinition.read(Map.of("metric", "calls", "customer", "alpha", "period", "last_7_days", "tz", "UTC"), "");
            assertThat(lastWeek.result()).isEqualTo(analytics.queryAnalytics(same.askedBy(owner)));
        }

        @Test
        void aRunIsCountedWithItsDurationByTheClock() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer")).query().id();

            run(owner, id, Map.of("customer", "alpha"));
            runTime = Duration.ofMillis(300);
            run(owner, id, Map.of("customer", "alpha"));

            // two runs of 125 and 300 ms, the last finishing at now + 425 ms; the median of the two is the first (125),
            // the 95th percentile the second (300)
            assertThat(get(owner, id).stats()).isEqualTo(new RunStats(2, Optional.of(NOW.plus(Duration.ofMillis(425))), Optional.of(125L),
                    Optional.of(300L)));
        }

        @Test
        void badParametersAreRefusedNamingThemAndTheRunIsNotCounted() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer")).query().id();

            assertRefusedNaming(catchThrowable(() -> run(owner, id, Map.of())), "params.customer", "is required");
            assertRefusedNaming(catchThrowable(() -> run(owner, id, Map.of("customer", "alpha", "days", 3))), "params.days",
                    "is not a parameter of this query; it has customer, period");
            assertRefusedNaming(catchThrowable(() -> run(owner, id, Map.of("customer", "alpha", "period", "this_quarter"))), "params.period",
                    "must be one of [last_7_days, last_30_days]");
            assertRefusedNaming(catchThrowable(() -> run(owner, id, Map.of("customer", 7))), "params.customer", "must be a string");

            assertThat(get(owner, id).stats()).isEqualTo(RunStats.NONE);
            assertThat(clock.instant()).as("the analytics never ran").isEqualTo(NOW);
        }

        @Test
        void aRunTheAnalyticsRefuseIsNotCounted() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer")).query().id();

            assertThatThrownBy(() -> run(owner, id, Map.of("customer", "nobody"))).isInstanceOf(NotFoundException.class);

            assertThat(get(owner, id).stats()).isEqualTo(RunStats.NONE);
        }

        @Test
        void aCustomerScopedTokenRunsASharedQueryForItsOwnCustomerOnly() {
            UUID id = save(owner, callsOfACustomer("Calls of a customer").shared()).query().id();
            UUID tenantWide = save(owner, savedQuery("All calls", Map.of("metric", "calls")).shared()).query().id();
            Actor alphaOnly = customerUser("alpha-user", Role.VIEWER, "alpha");

            SavedQueryAnswer own = run(alphaOnly, id, Map.of("customer", "alpha"));

            assertThat(values(own)).usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers(0, 0, 0, 2, 1, 3, 0));
            assertThatThrownBy(() -> run(alphaOnly, id, Map.of("customer", "beta"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> run(alphaOnly, id, Map.of("customer", "nobody"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> run(alphaOnly, tenantWide, Map.of())).isInstanceOf(NotFoundException.class);
            assertThat(get(owner, id).stats().runCount()).isEqualTo(1);
            assertThat(get(owner, tenantWide).stats()).isEqualTo(RunStats.NONE);
        }
    }

    private static Map<String, Object> orderedMap(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }
}
