package io.tally.domain.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.access.Actor;
import io.tally.domain.access.CustomerScope;
import io.tally.domain.access.Role;
import io.tally.domain.common.ForbiddenException;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.query.ParamType;
import io.tally.domain.query.QueryTemplate;
import io.tally.domain.query.Visibility;
import io.tally.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DashboardTest {

    static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    static Widget widget(String id, int x, int y, int w, int h, Map<String, Object> query) {
        return new Widget(id, id, WidgetType.LINE, new WidgetSource.Inline(QueryTemplate.of(query, "query")), Optional.empty(),
                new Position(x, y, w, h));
    }

    static Dashboard.Definition definition(List<DashboardFilter> filters, Widget... widgets) {
        return new Dashboard.Definition("Board", Optional.empty(), Visibility.PRIVATE, filters, Optional.empty(), List.of(widgets));
    }

    static Actor user(String subject, Role role) {
        return Actor.user(TenantId.of("t"), subject, role.withIncluded(), CustomerScope.all(), "r");
    }

    @Test
    void overlappingWidgetsAreRefusedNamingBoth() {
        // a covers columns 0–5, rows 0–1; b starts at column 5, row 1: they share the cell (5, 1)
        assertThatThrownBy(() -> definition(List.of(), widget("a", 0, 0, 6, 2, Map.of("metric", "calls")),
                widget("b", 5, 1, 3, 2, Map.of("metric", "calls"))))
                .isInstanceOf(InvalidValueException.class).hasMessage("widget 'b' overlaps widget 'a'")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("widgets[1].position"));
        // side by side and one below touch without overlapping
        definition(List.of(), widget("a", 0, 0, 6, 2, Map.of("metric", "calls")), widget("b", 6, 0, 6, 2, Map.of("metric", "calls")),
                widget("c", 0, 2, 12, 1, Map.of("metric", "calls")));
    }

    @Test
    void theGridHasTwelveColumns() {
        assertThatThrownBy(() -> new Position(8, 0, 5, 1)).isInstanceOf(InvalidValueException.class).hasMessageContaining("x + w at most 12");
    }

    @Test
    void aWidgetMayUseOnlyTheDashboardsFilters() {
        DashboardFilter customer = new DashboardFilter("customer", ParamType.CUSTOMER, Optional.empty());
        definition(List.of(customer), widget("a", 0, 0, 3, 2, Map.of("metric", "calls", "customer", "{{filters.customer}}")));

        assertThatThrownBy(() -> definition(List.of(customer), widget("a", 0, 0, 3, 2, Map.of("metric", "calls", "period", "{{filters.period}}"))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("{{filters.period}} is not a filter of the dashboard")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("widgets[0].query.period"));
    }

    @Test
    void onlyCardsAndGaugesHaveATarget() {
        assertThatThrownBy(() -> new Widget("a", "A", WidgetType.PIE, new WidgetSource.Inline(QueryTemplate.of(Map.of("metric", "calls"), "query")),
                Optional.of(BigDecimal.TEN), new Position(0, 0, 1, 1))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void analystsMakeDashboardsAndManagersChangeSharedOnes() {
        Dashboard.Definition shared = new Dashboard.Definition("Board", Optional.empty(), Visibility.TENANT, List.of(), Optional.empty(),
                List.of(widget("a", 0, 0, 3, 2, Map.of("metric", "calls"))));
        assertThatThrownBy(() -> Dashboard.create(UUID.randomUUID(), user("v", Role.VIEWER), definition(List.of(),
                widget("a", 0, 0, 3, 2, Map.of("metric", "calls"))), NOW)).isInstanceOf(ForbiddenException.class);
        Dashboard board = Dashboard.create(UUID.randomUUID(), user("ana", Role.ANALYST), shared, NOW);

        assertThat(board.visibleTo(user("someone", Role.VIEWER))).isTrue();
        assertThat(board.changeableBy(user("someone", Role.ANALYST))).isFalse();
        Dashboard next = board.revised(user("boss", Role.MANAGER), shared, NOW.plusSeconds(60));
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.owner()).isEqualTo("ana");
        Dashboard copy = next.copiedBy(UUID.randomUUID(), user("bob", Role.ANALYST), NOW);
        assertThat(copy.owner()).isEqualTo("bob");
        assertThat(copy.definition().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(copy.definition().name()).isEqualTo("Board (copy)");
    }

    @Test
    void theDefaultsAreValidAndTellWhichFiltersEachWidgetUses() {
        for (String key : DefaultDashboards.KEYS) {
            Dashboard.Definition definition = DefaultDashboards.definition(key);
            assertThat(definition.visibility()).isEqualTo(Visibility.TENANT);
            assertThat(definition.widgets().stream().map(Widget::type).distinct()).as(key).hasSize(WidgetType.values().length - (key.equals("overview") ? 1 : 0));
        }
        Dashboard.Definition overview = DefaultDashboards.definition("overview");
        assertThat(overview.filtersOf(overview.widgets().getFirst())).isEqualTo(Set.of("filters.customer", "filters.period"));
    }
}
