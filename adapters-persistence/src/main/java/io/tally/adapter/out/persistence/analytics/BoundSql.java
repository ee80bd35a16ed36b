package io.tally.adapter.out.persistence.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tally.adapter.out.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL text with its parameters, in the order of the {@code ?} they bind, so that text and values cannot drift
 * apart. A statement whose shape varies (how many aggregate columns, how many group-by dimensions) is written
 * whole as a text block with named slots such as {@code {aggregates}}; {@link #fill} puts a fragment's text
 * into each slot and the fragment's parameters where the slot stands. Every value is a parameter; slots only
 * ever receive SQL written in this package.
 *
 * <p>In a template, {@code ?} is always a parameter (so none may use PostgreSQL's jsonb operators {@code ?},
 * {@code ?|} or {@code ?&}) and <code>{</code> always opens a slot.
 */
record BoundSql(String sql, List<Object> parameters) {

    static final BoundSql EMPTY = new BoundSql("", List.of());

    BoundSql {
        parameters = List.copyOf(parameters);
    }

    /** SQL without slots and its parameters; the number of {@code ?} must match. */
    static BoundSql of(String sql, Object... parameters) {
        return fill(sql, Map.of(), parameters);
    }

    /**
     * The template with each slot replaced by its fragment: {@code parameters} bind the template's own
     * {@code ?} in order, each fragment's parameters go where its slot stands (a slot used twice binds them
     * twice). Every slot the template names must be given; one not named is ignored.
     */
    static BoundSql fill(String template, Map<String, BoundSql> slots, Object... parameters) {
        StringBuilder sql = new StringBuilder(template.length() + 64);
        List<Object> bound = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '?') {
                if (next == parameters.length) {
                    throw new IllegalArgumentException("more '?' than the " + parameters.length + " parameters given: " + template);
                }
                bound.add(parameters[next++]);
                sql.append(c);
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                String name = template.substring(i + 1, end);
                BoundSql fragment = slots.get(name);
                if (fragment == null) {
                    throw new IllegalArgumentException("no fragment for the slot {" + name + "}: " + template);
                }
                sql.append(fragment.sql());
                bound.addAll(fragment.parameters());
                i = end;
            } else {
                sql.append(c);
            }
        }
        if (next != parameters.length) {
            throw new IllegalArgumentException(parameters.length + " parameters given for " + next + " '?': " + template);
        }
        return new BoundSql(sql.toString(), bound);
    }

    /** The fragments one after the other, with {@code separator} between them. */
    static BoundSql join(String separator, List<BoundSql> fragments) {
        StringBuilder sql = new StringBuilder();
        List<Object> bound = new ArrayList<>();
        for (BoundSql fragment : fragments) {
            if (!sql.isEmpty()) {
                sql.append(separator);
            }
            sql.append(fragment.sql());
            bound.addAll(fragment.parameters());
        }
        return new BoundSql(sql.toString(), bound);
    }

    /** Reads one row of a result. */
    interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs the statement on the current connection and hands every row to {@code reader}. */
    void forEachRow(JdbcOperations jdbc, RowReader reader) {
        jdbc.prepareStatement(sql, statement -> {
            bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
            return null;
        });
    }

    private void bind(PreparedStatement statement) throws SQLException {
        Connection connection = statement.getConnection();
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            switch (value) {
                case String text -> statement.setString(i + 1, text);
                case Long number -> statement.setLong(i + 1, number);
                case Integer number -> statement.setInt(i + 1, number);
                case Instant instant -> Sql.setInstant(statement, i + 1, instant);
                case String[] texts -> statement.setArray(i + 1, connection.createArrayOf("text", texts));
                case Long[] ids -> statement.setArray(i + 1, connection.createArrayOf("int8", ids));
                case BucketStarts starts -> statement.setArray(i + 1, connection.createArrayOf("timestamptz", starts.starts()));
                default -> throw new IllegalArgumentException("cannot bind " + value.getClass());
            }
        }
    }
}
