package io.hookpoint.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lab's Hookpoint's SQLite store while no Hookpoint process runs: right after the kill (what the
 * dead process held without a committed outcome) and at the end (every message, for the checks).
 */
final class HookpointStore {
    private HookpointStore() {
    }

    static Set<String> sending(Path database) throws IOException {
        Set<String> sending = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT message_id FROM sms_message WHERE status = 'sending'")) {
            while (rows.next()) {
                sending.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read Hookpoint's store " + database + ": " + e.getMessage(), e);
        }
        return sending;
    }

    static Map<String, LabChecks.Stored> messages(Path database) throws IOException {
        Map<String, LabChecks.Stored> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT message_id, customer_id, action_id, recipient, status,"
                     + " provider_error_code, last_error, attempts FROM sms_message")) {
            while (rows.next()) {
                stored.put(rows.getString(1), new LabChecks.Stored(rows.getString(1), rows.getString(2),
                        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                        rows.getInt(8)));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read Hookpoint's store " + database + ": " + e.getMessage(), e);
        }
        return stored;
    }
}
