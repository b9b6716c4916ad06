package io.hookpoint.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;

/**
 * A statement with {@code :name} parameters, parsed once: the same text runs through Jdbi
 * ({@link #sql()}) and, on the writer's hot path, as a prepared statement bound by name
 * ({@link Store#prepared}). Parsed by Jdbi's own parser, so both ways read it alike.
 */
public final class NamedSql {
    private static final ColonPrefixSqlParser PARSER = new ColonPrefixSqlParser();

    private final String sql;
    private final String jdbc;
    private final int parameters;
    private final Map<String, int[]> positions;

    private NamedSql(String sql, String jdbc, List<String> names) {
        if (names.size() > Long.SIZE) {
            throw new IllegalArgumentException("At most " + Long.SIZE + " parameters: " + sql);
        }
        this.sql = sql;
        this.jdbc = jdbc;
        this.parameters = names.size();
        Map<String, int[]> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int[] before = byName.getOrDefault(names.get(i), new int[0]);
            int[] after = Arrays.copyOf(before, before.length + 1);
            after[before.length] = i + 1;
            byName.put(names.get(i), after);
        }
        this.positions = Map.copyOf(byName);
    }

    /**
     * Parses a statement.
     *
     * @param sql SQL with {@code :name} parameters only (no {@code ?})
     * @return the parsed statement
     * @throws IllegalArgumentException when it has positional parameters
     */
    public static NamedSql of(String sql) {
        ParsedSql parsed = PARSER.parse(sql, null);
        if (parsed.getParameters().isPositional() && parsed.getParameters().getParameterCount() > 0) {
            throw new IllegalArgumentException("Bind by name, not by position: " + sql);
        }
        return new NamedSql(sql, parsed.getSql(), parsed.getParameters().getParameterNames());
    }

    /** The statement as written, with {@code :name} parameters, for Jdbi. */
    public String sql() {
        return sql;
    }

    /** The statement with JDBC's {@code ?} parameters. */
    String jdbc() {
        return jdbc;
    }

    /** How many {@code ?} the JDBC form has. */
    int parameters() {
        return parameters;
    }

    /**
     * The 1-based JDBC positions of a name.
     *
     * @param name the parameter's name
     * @return its positions, one or more
     * @throws IllegalArgumentException when the statement has no such parameter
     */
    int[] positions(String name) {
        int[] found = positions.get(name);
        if (found == null) {
            throw new IllegalArgumentException("No parameter :" + name + " in " + sql);
        }
        return found;
    }

    @Override
    public String toString() {
        return sql;
    }

    // statements are cached per text on the writer's connection: equal texts share one statement, so a
    // NamedSql made inside a method does not prepare a new one per call
    @Override
    public boolean equals(Object other) {
        return other instanceof NamedSql named && named.sql.equals(sql);
    }

    @Override
    public int hashCode() {
        return sql.hashCode();
    }
}
