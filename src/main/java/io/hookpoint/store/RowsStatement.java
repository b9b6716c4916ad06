package io.hookpoint.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
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
            throw failed(e);
        }
        next = 0;
        return this;
    }

    /** Binds the next parameter to a text, or SQL NULL for null. */
    public RowsStatement add(String value) {
        try {
            statement.setString(position(), value);
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds the next parameter to an integer. */
    public RowsStatement add(int value) {
        try {
            statement.setInt(position(), value);
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds the next parameter to a long integer. */
    public RowsStatement add(long value) {
        try {
            statement.setLong(position(), value);
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds the next parameter to a long integer, or SQL NULL for null. */
    public RowsStatement add(Long value) {
        if (value != null) {
            return add(value.longValue());
        }
        try {
            statement.setNull(position(), Types.BIGINT);
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /** Binds the next parameter to bytes, or SQL NULL for null. */
    public RowsStatement add(byte[] value) {
        try {
            if (value == null) {
                statement.setNull(position(), Types.BINARY);
            } else {
                statement.setBytes(position(), value);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return this;
    }

    /**
     * Runs the statement.
     *
     * @return the rows it changed
     */
    public int update() {
        checkBound();
        try {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
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
        try (ResultSet rows = statement.executeQuery()) {
            List<T> read = new ArrayList<>();
            while (rows.next()) {
                read.add(reader.read(rows));
            }
            return read;
        } catch (SQLException e) {
            throw failed(e);
        }
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

    private StoreUnavailableException failed(SQLException e) {
        return new StoreUnavailableException("Statement failed: " + e.getMessage() + " (" + sql + ")", e);
    }
}
