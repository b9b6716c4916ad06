package io.hookpoint.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The statements prepared once on the writer's connection and reused by every write: the hot writes skip
 * Jdbi's per-statement work and SQLite's parsing. Used by the writer thread only; closed with its connection.
 */
final class WriterStatements {
    private static final System.Logger LOGGER = System.getLogger(WriterStatements.class.getName());

    private final Map<NamedSql, NamedStatement> named = new HashMap<>();
    private final Map<String, RowsStatement> rows = new HashMap<>();

    /** The statement for {@code sql} on {@code connection}, prepared at its first use, ready to bind. */
    NamedStatement named(Connection connection, NamedSql sql) {
        NamedStatement statement = named.get(sql);
        if (statement == null) {
            statement = new NamedStatement(sql, prepare(connection, sql.jdbc()));
            named.put(sql, statement);
        }
        return statement.reset();
    }

    /** The statement of {@code count} rows of {@code sql}, prepared once per text, ready to bind. */
    RowsStatement rows(Connection connection, RowsSql sql, int count) {
        String text = sql.jdbc(count);
        RowsStatement statement = rows.get(text);
        if (statement == null) {
            statement = new RowsStatement(sql, prepare(connection, text), count);
            rows.put(text, statement);
        }
        return statement.reset();
    }

    /** Closes every statement (before the connection closes); the next use prepares again. */
    void closeAll() {
        named.values().forEach(statement -> close(statement.statement()));
        named.clear();
        rows.values().forEach(statement -> close(statement.statement()));
        rows.clear();
    }

    private static PreparedStatement prepare(Connection connection, String sql) {
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot prepare a statement: " + e.getMessage(), e);
        }
    }

    private static void close(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "Closing a prepared statement failed", e);
        }
    }
}
