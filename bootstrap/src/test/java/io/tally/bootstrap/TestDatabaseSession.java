package io.tally.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives an integration-test run a database of its own: created when the run starts, dropped when it ends,
 * so a developer's {@code tally} database is never touched and two runs never share data. Active when the
 * system property {@code tally.it.database} is true (Failsafe sets it). The server and user come from
 * TALLY_TEST_DB_SERVER (default jdbc:postgresql://localhost:5432/), TALLY_DB_USER and TALLY_DB_PASSWORD.
 */
public final class TestDatabaseSession implements LauncherSessionListener {

    private String database;
    private String server;
    private Properties credentials;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("tally.it.database") || database != null) {
            return;
        }
        server = env("TALLY_TEST_DB_SERVER", "jdbc:postgresql://localhost:5432/");
        if (!server.endsWith("/")) {
            server = server + "/";
        }
        credentials = new Properties();
        credentials.setProperty("user", env("TALLY_DB_USER", "postgres"));
        String password = env("TALLY_DB_PASSWORD", "");
        if (!password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        database = "tally_it_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_" + ProcessHandle.current().pid();
        execute("CREATE DATABASE " + database);
        System.setProperty("datasources.default.url", server + database);
        System.setProperty("datasources.default.username", credentials.getProperty("user"));
        System.setProperty("datasources.default.password", password);
        Runtime.getRuntime().addShutdownHook(new Thread(this::drop, "drop-test-database"));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        drop();
    }

    private synchronized void drop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(server + "postgres", credentials);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: `" + sql + "` failed on " + server + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
