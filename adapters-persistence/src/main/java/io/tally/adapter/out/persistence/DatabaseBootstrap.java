package io.tally.adapter.out.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Runs before the service starts: makes sure the configured database exists, creating it when the
 * configured user has the right to, and otherwise explains in one line what to do.
 */
public final class DatabaseBootstrap {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");
    private static final String UNDEFINED_DATABASE = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private DatabaseBootstrap() {
    }

    /** What was done: nothing (it existed) or the database was created. */
    public enum Outcome { EXISTED, CREATED }

    /** The database cannot be used; the message is one line that says what to do. */
    public static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Outcome ensureDatabase(String url, String user, String password) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new DatabaseUnavailableException("TALLY_DB_URL '" + url + "' is not a PostgreSQL JDBC URL "
                    + "(expected jdbc:postgresql://host:port/database)", null);
        }
        String database = parsed.getProperty("PGDBNAME");
        String where = parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT");
        try (Connection ignored = connect(url, user, password)) {
            return Outcome.EXISTED;
        } catch (SQLException e) {
            if (!UNDEFINED_DATABASE.equals(e.getSQLState())) {
                throw unavailable(e, where, user);
            }
        }
        return create(url, database, where, user, password);
    }

    private static Outcome create(String url, String database, String where, String user, String password) {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new DatabaseUnavailableException("database '" + database + "' does not exist at " + where
                    + "; create it yourself (its name is not one Tally creates on its own)", null);
        }
        String maintenanceUrl = withDatabase(url, database, "postgres");
        try (Connection connection = connect(maintenanceUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + database + "\"");
            return Outcome.CREATED;
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                return Outcome.EXISTED;
            }
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw new DatabaseUnavailableException("database '" + database + "' does not exist at " + where
                        + " and user '" + user + "' may not create it: run `createdb -h " + where.replace(":", " -p ")
                        + " -O " + user + " " + database + "` as a PostgreSQL superuser, or set TALLY_DB_URL to an existing database", e);
            }
            throw unavailable(e, where, user);
        }
    }

    private static DatabaseUnavailableException unavailable(SQLException e, String where, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message;
        if (state.startsWith("08")) {
            message = "cannot reach PostgreSQL at " + where + ": start it (for example `pg_ctlcluster 15 main start`) "
                    + "or set TALLY_DB_URL to a running server";
        } else if (state.startsWith("28")) {
            message = "PostgreSQL at " + where + " refused user '" + user + "': set TALLY_DB_USER and TALLY_DB_PASSWORD";
        } else {
            message = "cannot use PostgreSQL at " + where + ": " + firstLine(e.getMessage()) + " (SQLSTATE " + state + ")";
        }
        return new DatabaseUnavailableException(message, e);
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, properties);
    }

    /** The same URL pointing at another database on the same server, keeping host, port and parameters. */
    static String withDatabase(String url, String database, String other) {
        Matcher matcher = Pattern.compile("^(jdbc:postgresql://[^/]*/)" + Pattern.quote(database) + "(\\?.*)?$").matcher(url);
        if (!matcher.matches()) {
            throw new DatabaseUnavailableException("cannot derive the server's maintenance database from TALLY_DB_URL '"
                    + url + "'", null);
        }
        return matcher.group(1) + other + (matcher.group(2) == null ? "" : matcher.group(2));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
