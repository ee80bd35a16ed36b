package io.tally.application.service.metric;

import static io.tally.application.service.TestData.TENANT;
import static io.tally.application.service.TestData.draft;
import static io.tally.application.service.TestData.key;
import static io.tally.application.service.TestData.meter;
import static io.tally.application.service.TestData.ofMeter;
import static io.tally.application.service.TestData.ratio;
import static io.tally.application.service.TestData.sum;
import static io.tally.application.service.TestData.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tally.application.port.in.metric.DeleteMetricCommand;
import io.tally.application.port.in.metric.ListMetricsQuery;
import io.tally.application.port.in.metric.MetricCommand;
import io.tally.application.port.in.metric.MetricKeyQuery;
import io.tally.application.port.in.metric.MetricView;
import io.tally.application.service.InMemoryStores;
import io.tally.application.service.TenantService;
import io.tally.application.service.TestData;
import io.tally.domain.access.Actor;
import io.tally.domain.access.Role;
import io.tally.domain.analytics.Aggregation;
import io.tally.domain.audit.AuditEntry;
import io.tally.domain.billing.BillingMeasure;
import io.tally.domain.common.ConflictException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.common.NotFoundException;
import io.tally.domain.metric.Formula;
import io.tally.domain.metric.Metric;
import io.tally.domain.metric.MetricUnit;
import io.tally.domain.metric.Polarity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The tenant's own metrics: defined, changed and deleted with their checks, each audited in its transaction. */
class MetricServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryStores.Tenants tenants = new InMemoryStores.Tenants();
    private final InMemoryStores.Metrics metrics = new InMemoryStores.Metrics();
    private final InMemoryStores.Meters meters = new InMemoryStores.Meters();
    private final InMemoryStores.AuditLog audit = new InMemoryStores.AuditLog();
    private final InMemoryStores.Transactions transactions = new InMemoryStores.Transactions(metrics, audit);
    private final TenantService tenantService = new TenantService(tenants, new InMemoryStores.AuditLog(), new InMemoryStores.Transactions(), clock);
    private final MetricService service = new MetricService(metrics, meters, tenantService::current, audit, transactions, clock);
    private final Actor manager = user("mia", Role.MANAGER);

    @BeforeEach
    void theTenantsMeters() {
        meters.create(TENANT, meter("video_views", "video.view", Aggregation.COUNT).build(), NOW);
        meters.create(TENANT, meter("video_likes", "video.like", Aggregation.COUNT).build(), NOW);
    }

    private Metric define(TestData.DraftBuilder draft) {
        return service.defineMetric(new MetricCommand(manager, draft.build()));
    }

    private Metric change(TestData.DraftBuilder draft) {
        return service.changeMetric(new MetricCommand(manager, draft.build()));
    }

    private void delete(String metric) {
        service.deleteMetric(new DeleteMetricCommand(manager, key(metric)));
    }

    /** views and likes over the tenant's meters, and engagement = likes ÷ views × 100. */
    private void viewsLikesAndEngagement() {
        define(draft("views", ofMeter("video_views")));
        define(draft("likes", ofMeter("video_likes")).polarity(Polarity.HIGHER_IS_BETTER));
        define(draft("engagement", ratio("likes", "views", 100)));
    }

    private Optional<Metric> stored(String metric) {
        return metrics.find(TENANT, key(metric));
    }

    private static void assertRefusedNaming(Throwable thrown, String field) {
        assertThat(thrown).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class Defining {

        @Test
        void aMetricOverAMeterIsStoredWithItsDefaultsAndAuditedInTheSameTransaction() {
            Metric views = define(draft("views", ofMeter("video_views")));

            // the name from the key, the unit of a count meter, a meter's polarity (neutral), no decimals of its own
            assertThat(views).isEqualTo(new Metric(key("views"), "Views", Optional.empty(), MetricUnit.COUNT, Polarity.NEUTRAL,
                    Optional.empty(), ofMeter("video_views"), false));
            assertThat(stored("views")).contains(views);
            assertThat(audit.entries).containsExactly(new AuditEntry(TENANT, NOW, "mia", "metric.defined", "metric:views",
                    Map.of("metric", Map.of("name", "Views", "unit", "count", "polarity", "neutral", "formula", Map.of("meter", "video_views"))),
                    "req-mia"));
            assertThat(transactions.started).isEqualTo(1);
            assertThat(metrics.locks).isEqualTo(1);
            assertThat(tenants.byId).containsKey(TENANT);
        }

        @Test
        void aRatioScaledBy100IsAPercentWithThePolarityOfItsNumerator() {
            viewsLikesAndEngagement();

            Metric engagement = stored("engagement").orElseThrow();

            assertThat(engagement.unit()).isEqualTo(MetricUnit.PERCENT);
            assertThat(engagement.polarity()).isEqualTo(Polarity.HIGHER_IS_BETTER);
            assertThat(audit.entries.getLast().details()).isEqualTo(Map.of("metric", Map.of("name", "Engagement", "unit", "percent",
                    "polarity", "higher_is_better", "formula", Map.of("ratio", Map.of("numerator", "likes", "denominator", "views", "scale", "100")))));
        }

        @Test
        void aKeyTakenAlreadyIsAConflict() {
            define(draft("views", ofMeter("video_views")));

            assertThatThrownBy(() -> define(draft("views", ofMeter("video_likes")))).isInstanceOf(ConflictException.class);
            assertThat(stored("views").orElseThrow().formula()).isEqualTo(ofMeter("video_views"));
            assertThat(audit.entries).hasSize(1);
        }

        @Test
        void aBuiltInMetricsKeyIsAConflictAndNothingIsWritten() {
            assertThatThrownBy(() -> define(draft("calls", ofMeter("video_views")))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("built-in");
            assertThatThrownBy(() -> change(draft("mrr", ofMeter("video_views")))).isInstanceOf(ConflictException.class);

            assertThat(metrics.list(TENANT)).isEmpty();
            assertThat(audit.entries).isEmpty();
            assertThat(transactions.started).isZero();
        }

        @Test
        void anUnknownMeterIsRefusedNamingTheFormulasMeter() {
            Throwable thrown = catchThrowable(() -> define(draft("plays", ofMeter("video_plays"))));

            assertRefusedNaming(thrown, "formula.meter");
            assertThat(stored("plays")).isEmpty();
        }

        @Test
        void anUnknownMetricIsRefusedNamingThePartOfTheFormulaThatNamesIt() {
            define(draft("views", ofMeter("video_views")));

            assertRefusedNaming(catchThrowable(() -> define(draft("engagement", ratio("views", "shares", 100)))),
                    "formula.ratio.denominator");
            assertRefusedNaming(catchThrowable(() -> define(draft("reach", sum("views", "shares")))),
                    "formula.sum[1]");
            assertThat(metrics.list(TENANT)).extracting(Metric::key).containsExactly(key("views"));
        }

        @Test
        void aBillingMeasureIsReachedThroughItsBuiltInMetricOnly() {
            Throwable thrown = catchThrowable(
                    () -> define(draft("my_mrr", new Formula.OfBilling(BillingMeasure.MRR))));

            assertRefusedNaming(thrown, "formula");
            assertThat(thrown).hasMessageContaining("mrr");
        }
    }

    @Nested
    class Changing {

        @Test
        void aChangeIsStoredAndAuditedWithTheDefinitionBeforeAndAfter() {
            define(draft("views", ofMeter("video_views")));

            Metric changed = change(draft("views", ofMeter("video_views")).name("Video views").polarity(Polarity.HIGHER_IS_BETTER));

            assertThat(stored("views")).contains(changed);
            assertThat(audit.entries).hasSize(2);
            AuditEntry entry = audit.entries.getLast();
            assertThat(entry.action()).isEqualTo("metric.changed");
            assertThat(entry.target()).isEqualTo("metric:views");
            assertThat(entry.occurredAt()).isEqualTo(NOW);
            assertThat(entry.details()).isEqualTo(Map.of(
                    "from", Map.of("name", "Views", "unit", "count", "polarity", "neutral", "formula", Map.of("meter", "video_views")),
                    "to", Map.of("name", "Video views", "unit", "count", "polarity", "higher_is_better", "formula", Map.of("meter", "video_views"))));
        }

        @Test
        void theSameDefinitionAgainWritesNothingAndIsNotAudited() {
            define(draft("views", ofMeter("video_views")));

            Metric same = change(draft("views", ofMeter("video_views")));

            assertThat(same).isEqualTo(stored("views").orElseThrow());
            assertThat(metrics.updates).isZero();
            assertThat(audit.entries).extracting(AuditEntry::action).containsExactly("metric.defined");
        }

        @Test
        void aChangeThatWouldMakeACycleIsRefusedNamingTheFieldAndChangesNothing() {
            viewsLikesAndEngagement();

            // likes = engagement + views, while engagement = likes ÷ views: likes → engagement → likes
            Throwable thrown = catchThrowable(() -> change(draft("likes", sum("engagement", "views"))));

            assertRefusedNaming(thrown, "formula.sum[0]");
            assertThat(thrown).hasMessage("makes a cycle: likes → engagement → likes");
            assertThat(stored("likes").orElseThrow().formula()).isEqualTo(ofMeter("video_likes"));
            assertThat(audit.entries).extracting(AuditEntry::action).containsOnly("metric.defined").hasSize(3);
        }

        @Test
        void aMetricThatDoesNotExistCannotBeChanged() {
            assertThatThrownBy(() -> change(draft("views", ofMeter("video_views")))).isInstanceOf(NotFoundException.class);
            assertThat(stored("views")).isEmpty();
        }
    }

    @Nested
    class Deleting {

        @Test
        void aDeletedMetricIsGoneAndTheDeletionAuditedWithItsDefinition() {
            define(draft("views", ofMeter("video_views")));

            delete("views");

            assertThat(stored("views")).isEmpty();
            assertThat(audit.entries.getLast()).isEqualTo(new AuditEntry(TENANT, NOW, "mia", "metric.deleted", "metric:views",
                    Map.of("metric", Map.of("name", "Views", "unit", "count", "polarity", "neutral", "formula", Map.of("meter", "video_views"))),
                    "req-mia"));
        }

        @Test
        void aMetricAnotherUsesCannotBeDeletedUntilThatOneIsGone() {
            viewsLikesAndEngagement();

            assertThatThrownBy(() -> delete("views")).isInstanceOf(ConflictException.class).hasMessageContaining("engagement");
            assertThat(stored("views")).isPresent();

            delete("engagement");
            delete("views");
            assertThat(metrics.list(TENANT)).extracting(Metric::key).containsExactly(key("likes"));
        }

        @Test
        void aBuiltInMetricCannotBeDeleted() {
            assertThatThrownBy(() -> delete("success_rate")).isInstanceOf(ConflictException.class).hasMessageContaining("built-in");
            assertThat(transactions.started).isZero();
        }

        @Test
        void aMetricThatDoesNotExistCannotBeDeleted() {
            assertThatThrownBy(() -> delete("views")).isInstanceOf(NotFoundException.class);
            assertThat(audit.entries).isEmpty();
        }
    }

    @Nested
    class Reading {

        @Test
        void aMetricShowsTheMetricsThatUseIt() {
            viewsLikesAndEngagement();

            MetricView views = service.getMetric(new MetricKeyQuery(manager, key("views")));
            // calls is a part of the built-in success_rate = completed_calls ÷ calls × 100, and of nothing else
            MetricView calls = service.getMetric(new MetricKeyQuery(manager, key("calls")));

            assertThat(views.usedBy()).containsExactly(key("engagement"));
            assertThat(calls.metric().builtIn()).isTrue();
            assertThat(calls.usedBy()).containsExactly(key("success_rate"));
        }

        @Test
        void theListHasTheBuiltInMetricsThenTheTenantsOwnByKey() {
            viewsLikesAndEngagement();

            List<MetricView> all = service.listMetrics(new ListMetricsQuery(user("val", Role.VIEWER)));

            assertThat(all.getFirst().metric().key()).isEqualTo(key("api_calls_made"));
            assertThat(all.subList(all.size() - 3, all.size())).extracting(view -> view.metric().key())
                    .containsExactly(key("engagement"), key("likes"), key("views"));
            assertThat(all).filteredOn(view -> !view.metric().builtIn()).hasSize(3);
        }

        @Test
        void aMetricThatDoesNotExistIsNotFound() {
            assertThatThrownBy(() -> service.getMetric(new MetricKeyQuery(manager, key("views")))).isInstanceOf(NotFoundException.class);
        }
    }

    /** The service's transaction is the fakes', so a failing audit write rolls back what the step wrote before it. */
    @Nested
    class WhenTheAuditLogFails {

        @Test
        void aDefinitionLeavesNoMetricBehind() {
            audit.failWith(new IllegalStateException("audit log unavailable"));

            assertThatThrownBy(() -> define(draft("views", ofMeter("video_views")))).isInstanceOf(IllegalStateException.class);

            assertThat(stored("views")).isEmpty();
            assertThat(transactions.rolledBack).isEqualTo(1);
        }

        @Test
        void aChangeLeavesTheDefinitionAsItWas() {
            Metric views = define(draft("views", ofMeter("video_views")));
            audit.failWith(new IllegalStateException("audit log unavailable"));

            assertThatThrownBy(() -> change(draft("views", ofMeter("video_views")).name("Video views"))).isInstanceOf(IllegalStateException.class);

            assertThat(stored("views")).contains(views);
        }

        @Test
        void aDeletionLeavesTheMetric() {
            Metric views = define(draft("views", ofMeter("video_views")));
            audit.failWith(new IllegalStateException("audit log unavailable"));

            assertThatThrownBy(() -> delete("views")).isInstanceOf(IllegalStateException.class);

            assertThat(stored("views")).contains(views);
            assertThat(audit.entries).extracting(AuditEntry::action).containsExactly("metric.defined");
        }
    }
}
