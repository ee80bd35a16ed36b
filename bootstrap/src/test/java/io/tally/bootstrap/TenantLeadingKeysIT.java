package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every primary key and unique index of the migrated schema leads with tenant_id, so that every table can be distributed
 * by tenant (the Citus plan in docs/operations.md), except the tables that plan keeps off the tenants' shards.
 */
@MicronautTest(transactional = false)
class TenantLeadingKeysIT {

    /** The documented exceptions (docs/operations.md, "Scaling out"), each key as "table: (columns)". */
    static final Map<String, String> NOT_BY_TENANT = Map.of(
            "tenant: (tenant_key)", "the tenants themselves, a reference table: the id in a token is looked up here",
            "flyway_schema_history: (installed_rank)", "Flyway's own history, on the coordinator",
            "scheduled_tasks: (task_name, task_instance)", "db-scheduler's table of jobs, on the coordinator: every node polls it");

    @Inject
    DataSource dataSource;

    @Test
    void everyPrimaryKeyAndUniqueIndexLeadsWithTheTenant() throws Exception {
        List<String> keys = new ArrayList<>();
        List<String> notLeading = new ArrayList<>();
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.relname, '(' || string_agg(a.attname, ', ' ORDER BY k.ord) || ')'
                       FROM pg_index x
                       JOIN pg_class c ON c.oid = x.indrelid
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                      CROSS JOIN LATERAL unnest(x.indkey::smallint[]) WITH ORDINALITY AS k (attnum, ord)
                       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                      WHERE n.nspname = current_schema() AND (x.indisunique OR x.indisprimary) AND NOT c.relispartition
                        AND c.relkind IN ('r', 'p') AND k.ord <= x.indnkeyatts
                      GROUP BY c.relname, x.indexrelid
                      ORDER BY 1, 2""")) {
            while (rows.next()) {
                String key = rows.getString(1) + ": " + rows.getString(2);
                keys.add(key);
                if (!rows.getString(2).startsWith("(tenant_id") && !NOT_BY_TENANT.containsKey(key)) {
                    notLeading.add(key);
                }
            }
        }

        assertThat(keys).as("the schema's keys").hasSizeGreaterThan(50)
                .contains("export_job: (tenant_id, job_id)", "export_file_chunk: (tenant_id, job_id, seq)", "usage_reset: (tenant_id, reset_id)",
                        "usage_reset_customer: (tenant_id, reset_id, customer_id)", "service_token: (tenant_id, jti)");
        assertThat(keys).as("every documented exception is still a key").containsAll(NOT_BY_TENANT.keySet());
        assertThat(notLeading).as("keys that do not lead with tenant_id").isEmpty();
    }
}
