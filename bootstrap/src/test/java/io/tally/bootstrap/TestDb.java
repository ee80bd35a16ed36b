package io.tally.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A plain JDBC connection to the test run's database, for checking what the service wrote. */
final class TestDb {

    private TestDb() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("datasources.default.url"),
                System.getProperty("datasources.default.username"), System.getProperty("datasources.default.password"));
    }
}
