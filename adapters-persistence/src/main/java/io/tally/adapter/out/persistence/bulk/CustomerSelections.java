package io.tally.adapter.out.persistence.bulk;

import io.tally.domain.bulk.CustomerSelection;
import io.tally.domain.customer.CustomerId;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/*
 * The customers a bulk action selects, in SQL, for every kind of bulk action alike: a CTE
 * `candidates (ord, external_id, customer_id, plan, status, erased_at)` that a kind's statement classifies and applies
 * to. Ids: the ids given, in their order, each once (CustomerSelection.Ids drops duplicates), a missing customer with a
 * null customer_id (so that it is classified not_found). A plan: every customer whose profile names it, by external id.
 * And the statement that locks the selected customers' rows, in customer_id order (so that two bulk actions over
 * overlapping customers take their locks in one order), before a kind changes them.
 */
final class CustomerSelections {

    private static final String GIVEN = """
            WITH candidates AS (
                SELECT i.ord, i.external_id, c.customer_id, c.plan, c.status, c.erased_at
                  FROM unnest(?::text[]) WITH ORDINALITY AS i (external_id, ord)
                  LEFT JOIN customer c ON c.tenant_id = ? AND c.external_id = i.external_id
            )""";
    private static final String ON_PLAN = """
            WITH candidates AS (
                SELECT row_number() OVER (ORDER BY c.external_id) AS ord, c.external_id, c.customer_id, c.plan, c.status, c.erased_at
                  FROM customer c
                 WHERE c.tenant_id = ? AND c.plan = ?
            )""";
    private static final String LOCK_GIVEN = """
            SELECT c.customer_id FROM customer c WHERE c.tenant_id = ? AND c.external_id = ANY (?::text[]) ORDER BY c.customer_id FOR UPDATE""";
    private static final String LOCK_ON_PLAN = """
            SELECT c.customer_id FROM customer c WHERE c.tenant_id = ? AND c.plan = ? ORDER BY c.customer_id FOR UPDATE""";

    private CustomerSelections() {
    }

    /** The CTE {@code candidates}, to begin a statement with; its parameters are bound by {@link #bind}. */
    static String candidates(CustomerSelection selection) {
        return switch (selection) {
            case CustomerSelection.Ids ids -> GIVEN;
            case CustomerSelection.OnPlan plan -> ON_PLAN;
        };
    }

    /** Binds the parameters of {@link #candidates} from {@code index} on; answers the next index. */
    static int bind(PreparedStatement statement, int index, long tenantId, CustomerSelection selection) throws SQLException {
        switch (selection) {
            case CustomerSelection.Ids ids -> {
                statement.setArray(index, statement.getConnection().createArrayOf("text", externalIds(ids)));
                statement.setLong(index + 1, tenantId);
            }
            case CustomerSelection.OnPlan plan -> {
                statement.setLong(index, tenantId);
                statement.setString(index + 1, plan.plan());
            }
        }
        return index + 2;
    }

    /** A statement that locks the selected customers' rows until the transaction ends: bound by {@link #bindLock}. */
    static String lock(CustomerSelection selection) {
        return switch (selection) {
            case CustomerSelection.Ids ids -> LOCK_GIVEN;
            case CustomerSelection.OnPlan plan -> LOCK_ON_PLAN;
        };
    }

    static void bindLock(PreparedStatement statement, long tenantId, CustomerSelection selection) throws SQLException {
        statement.setLong(1, tenantId);
        switch (selection) {
            case CustomerSelection.Ids ids -> statement.setArray(2, statement.getConnection().createArrayOf("text", externalIds(ids)));
            case CustomerSelection.OnPlan plan -> statement.setString(2, plan.plan());
        }
    }

    private static String[] externalIds(CustomerSelection.Ids ids) {
        return ids.ids().stream().map(CustomerId::value).toArray(String[]::new);
    }
}
