package io.hookpoint.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A {@link RowsSql} prepared on the writer's connection for a number of rows, its parameters bound in
 * order, row after row; it refuses to run until every parameter was bound, and reports a database failure as
 * {@link StoreUnavailableException} (the cause kept, as {@link NamedStatement} does).
 */
public final class RowsStatement {
    private final RowsSql sql;
    private final PreparedStatement statement;
    private final int all;
    private int next;

    RowsStatement(RowsSql sql, PreparedStatement statement, int rows) {
        this.sql = sql;
        this.statement = statement;
        this.all = rows * sql.perRow();
    }

    PreparedStatement statement() {
        return statement;
    }

    RowsStatement reset() {
        try {
            statement.clearParameters();
        } catch (SQLException e) {
            throw StatementRuns.failed(e, sql);
        }
        next = 0;
        return this;
    }

    /** Binds the next parameter to a text, or SQL NULL for null. */
    public RowsStatement add(String value) {
        return set(position -> statement.setString(position, value));
    }

    /** Binds the next parameter to an integer. */
    public RowsStatement add(int value) {
        return set(position -> statement.setInt(position, value));
    }

    /** Binds the next parameter to a long integer. */
    public RowsStatement add(long value) {
        return set(position -> statement.setLong(position, value));
    }

    /** Binds the next parameter to a long integer, or SQL NULL for null. */
    public RowsStatement add(Long value) {
        return value == null ? set(position -> statement.setNull(position, Types.BIGINT)) : add(value.longValue());
    }

    /** Binds the next parameter to bytes, or SQL NULL for null. */
    public RowsStatement add(byte[] value) {
        return set(position -> {
            if (value == null) {
                statement.setNull(position, Types.BINARY);
            } else {
                statement.setBytes(position, value);
            }
        });
    }

    /**
     * Runs the statement.
     *
     * @return the rows it changed
     */
    public int update() {
        checkBound();
        return StatementRuns.update(statement, sql);
    }

    /**
     * Runs the statement ({@code RETURNING}) and reads every row it returns.
     *
     * @param reader reads one row
     * @param <T>    what a row holds
     * @return the rows, in the order the database returned them
     */
    public <T> List<T> query(NamedStatement.RowReader<T> reader) {
        checkBound();
        return StatementRuns.query(statement, reader, sql);
    }

    private int position() {
        if (next == all) {
            throw new IllegalStateException("More parameters than " + all + " in " + sql);
        }
        return ++next;
    }

    private void checkBound() {
        if (next != all) {
            throw new IllegalStateException(next + " of " + all + " parameters bound in " + sql);
        }
    }

    // binds the next parameter; a failure of the driver is the store's
    private RowsStatement set(Setter setter) {
        try {
            setter.set(position());
        } catch (SQLException e) {
            throw StatementRuns.failed(e, sql);
        }
        return this;
    }

    private interface Setter {
        void set(int position) throws SQLException;
    }
}
