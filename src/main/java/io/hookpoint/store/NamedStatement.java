package io.hookpoint.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * A prepared statement of the writer's connection whose parameters are bound by name; it refuses to
 * run until every parameter was bound, and reports a database failure as {@link StoreUnavailableException}
 * (the cause kept, so that a deadlock is still recognised and the write run again).
 */
public final class NamedStatement {
    private final NamedSql sql;
    private final PreparedStatement statement;
    private final long all;
    private long bound;

    /** Reads one row of a result, for {@link #query} and {@link #queryFirst}. */
    @FunctionalInterface
    public interface RowReader<T> {
        /**
         * Reads the current row.
         *
         * @param row the result, on a row
         * @return what the row holds
         * @throws SQLException when a column cannot be read
         */
        T read(ResultSet row) throws SQLException;
    }

    NamedStatement(NamedSql sql, PreparedStatement statement) {
        this.sql = sql;
        this.statement = statement;
        this.all = sql.parameters() == Long.SIZE ? -1L : (1L << sql.parameters()) - 1;
    }

    NamedStatement reset() {
        try {
            statement.clearParameters();
        } catch (SQLException e) {
            throw failed(e);
        }
        bound = 0;
        return this;
    }

    PreparedStatement statement() {
        return statement;
    }

    /** Binds a text, or SQL NULL for null. */
    public NamedStatement bind(String name, String value) {
        try {
            for (int position : positions(name)) {
                statement.setString(position, value);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds an integer. */
    public NamedStatement bind(String name, int value) {
        try {
            for (int position : positions(name)) {
                statement.setInt(position, value);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds a long integer. */
    public NamedStatement bind(String name, long value) {
        try {
            for (int position : positions(name)) {
                statement.setLong(position, value);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds a long integer, or SQL NULL for null. */
    public NamedStatement bind(String name, Long value) {
        if (value != null) {
            return bind(name, value.longValue());
        }
        try {
            for (int position : positions(name)) {
                statement.setNull(position, Types.BIGINT);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds bytes. */
    public NamedStatement bind(String name, byte[] value) {
        try {
            for (int position : positions(name)) {
                statement.setBytes(position, value);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /**
     * Runs an INSERT, UPDATE or DELETE.
     *
     * @return the rows it changed
     */
    public int update() {
        checkBound();
        return StatementRuns.update(statement, sql);
    }

    /**
     * Runs a query (or a statement with {@code RETURNING}) and reads every row.
     *
     * @param reader reads one row
     * @param <T>    what a row holds
     * @return the rows, in order
     */
    public <T> List<T> query(RowReader<T> reader) {
        checkBound();
        return StatementRuns.query(statement, reader, sql);
    }

    /**
     * Runs a query and reads its first row.
     *
     * @param reader reads the row
     * @param <T>    what the row holds
     * @return the row, or empty when there is none
     */
    public <T> Optional<T> queryFirst(RowReader<T> reader) {
        checkBound();
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private int[] positions(String name) {
        int[] positions = sql.positions(name);
        for (int position : positions) {
            bound |= 1L << (position - 1);
        }
        return positions;
    }

    private void checkBound() {
        if (bound != all) {
            throw new IllegalStateException("Not every parameter is bound in " + sql);
        }
    }

    private StoreUnavailableException failed(SQLException e) {
        return StatementRuns.failed(e, sql);
    }
}
