package io.hookpoint.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A statement over many rows at once ({@code INSERT ... VALUES (...), (...), ...}) with JDBC's positional
 * {@code ?} parameters: one statement and one round trip for a whole chunk of a batch, where one statement
 * per row cost the single writer a statement's overhead per row (and PostgreSQL a round trip per row).
 * Chunks come in powers of two ({@link #chunk}), so a few texts per statement are prepared and reused.
 */
public final class RowsSql {
    /** The most rows in one statement: within SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
    public static final int MAX_ROWS = 256;

    private final String head;
    private final String row;
    private final String tail;
    private final int perRow;
    private final ConcurrentMap<Integer, String> texts = new ConcurrentHashMap<>();

    private RowsSql(String head, String row, String tail) {
        this.head = head;
        this.row = row;
        this.tail = tail;
        this.perRow = (int) row.chars().filter(c -> c == '?').count();
        if (perRow == 0 || perRow * MAX_ROWS > 32_766 || head.indexOf('?') >= 0 || tail.indexOf('?') >= 0) {
            throw new IllegalArgumentException("One row's parameters only, at most 127 of them: " + row);
        }
    }

    /**
     * A statement of many rows.
     *
     * @param head what comes before the rows ({@code INSERT INTO t (a, b) VALUES})
     * @param row  one row, with its {@code ?} parameters ({@code (?, ?)})
     * @param tail what comes after the rows ({@code ON CONFLICT ... RETURNING ...}), or empty
     * @return the statement
     */
    public static RowsSql of(String head, String row, String tail) {
        return new RowsSql(head, row, tail);
    }

    /**
     * How many of the rows left go into the next statement: the largest power of two not above them,
     * at most {@link #MAX_ROWS}.
     *
     * @param left rows still to write, at least 1
     * @return rows for the next statement
     */
    public static int chunk(int left) {
        return Integer.highestOneBit(Math.min(left, MAX_ROWS));
    }

    /** Parameters per row. */
    int perRow() {
        return perRow;
    }

    /** The JDBC text for this many rows. */
    String jdbc(int rows) {
        return texts.computeIfAbsent(rows, n -> {
            StringBuilder text = new StringBuilder(head.length() + n * (row.length() + 2) + tail.length() + 2)
                    .append(head).append(' ');
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : ", ").append(row);
            }
            return text.append(' ').append(tail).toString();
        });
    }

    @Override
    public String toString() {
        return head + " " + row + ", ... " + tail;
    }
}
