package io.hookpoint.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Running a prepared statement whose parameters are all bound, the same way for {@link NamedStatement} and
 * {@link RowsStatement}: a failure of the database is a {@link StoreUnavailableException} naming the SQL.
 */
final class StatementRuns {
    private StatementRuns() {
    }

    static int update(PreparedStatement statement, Object sql) {
        try {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e, sql);
        }
    }

    static <T> List<T> query(PreparedStatement statement, NamedStatement.RowReader<T> reader, Object sql) {
        try (ResultSet rows = statement.executeQuery()) {
            List<T> read = new ArrayList<>();
            while (rows.next()) {
                read.add(reader.read(rows));
            }
            return read;
        } catch (SQLException e) {
            throw failed(e, sql);
        }
    }

    static StoreUnavailableException failed(SQLException e, Object sql) {
        return new StoreUnavailableException("Statement failed: " + e.getMessage() + " (" + sql + ")", e);
    }
}
