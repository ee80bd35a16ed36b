package io.tally.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plain JDBC connection to the test run's database, for checking what the service wrote. */
final class TestDb {

    private TestDb() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("datasources.default.url"),
                System.getProperty("datasources.default.username"), System.getProperty("datasources.default.password"));
    }

    /** A tenant's audit entries, oldest first: action, actor, target, details (JSON text) and request_id. */
    static List<Map<String, Object>> auditEntries(String tenantKey) throws SQLException {
        String sql = """
                SELECT a.action, a.actor, a.target, a.details::text AS details, a.request_id
                  FROM audit_entry a JOIN tenant t ON t.tenant_id = a.tenant_id
                 WHERE t.tenant_key = ? ORDER BY a.audit_id""";
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantKey);
            List<Map<String, Object>> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    for (String column : List.of("action", "actor", "target", "details", "request_id")) {
                        entry.put(column, rows.getString(column));
                    }
                    entries.add(entry);
                }
            }
            return entries;
        }
    }
}
