package io.hookpoint.store;

import java.util.List;

import org.jdbi.v3.core.Handle;

/**
 * The schema, as an ordered list of steps. Each start applies the steps the database has not seen
 * yet, in one transaction, and records the version reached.
 */
final class Migrations {
    private static final List<String> STEPS = List.of(
            """
            CREATE TABLE idempotency_record (
                user_login      TEXT    NOT NULL,
                idempotency_key TEXT    NOT NULL,
                fingerprint     TEXT    NOT NULL,
                status_code     INTEGER NOT NULL,
                response_body   BLOB    NOT NULL,
                message_id      TEXT,
                created_at      INTEGER NOT NULL,
                PRIMARY KEY (user_login, idempotency_key)
            );
            CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at);
            CREATE TABLE sms_message (
                message_id      TEXT    NOT NULL PRIMARY KEY,
                user_login      TEXT    NOT NULL,
                idempotency_key TEXT    NOT NULL,
                recipient       TEXT    NOT NULL,
                sender          TEXT,
                text            TEXT    NOT NULL,
                encoding        TEXT    NOT NULL,
                segments        INTEGER NOT NULL,
                customer_id     TEXT,
                scenario_id     TEXT,
                action_id       TEXT,
                reference       TEXT,
                status          TEXT    NOT NULL,
                created_at      INTEGER NOT NULL,
                updated_at      INTEGER NOT NULL
            );
            CREATE INDEX sms_message_status ON sms_message (status);
            """,
            // delivery: attempts, the lease of the dispatcher that holds a message, the next try
            """
            ALTER TABLE sms_message ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE sms_message ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE sms_message ADD COLUMN lease_owner TEXT;
            ALTER TABLE sms_message ADD COLUMN lease_until INTEGER;
            ALTER TABLE sms_message ADD COLUMN last_error TEXT;
            ALTER TABLE sms_message ADD COLUMN sent_at INTEGER;
            DROP INDEX sms_message_status;
            CREATE INDEX sms_message_due ON sms_message (status, next_attempt_at);
            CREATE INDEX sms_message_lease ON sms_message (status, lease_until);
            """,
            // readiness writes one row here to prove the store takes writes (disk full, read-only file)
            """
            CREATE TABLE store_probe (id INTEGER NOT NULL PRIMARY KEY, probed_at INTEGER NOT NULL);
            """,
            // delivery reports: who took the message, under which id (reports may name only that id),
            // what it said and billed, and when the message reached its final status
            """
            ALTER TABLE sms_message ADD COLUMN provider TEXT;
            ALTER TABLE sms_message ADD COLUMN provider_message_id TEXT;
            ALTER TABLE sms_message ADD COLUMN provider_status TEXT;
            ALTER TABLE sms_message ADD COLUMN provider_error_code TEXT;
            ALTER TABLE sms_message ADD COLUMN provider_error TEXT;
            ALTER TABLE sms_message ADD COLUMN segments_billed INTEGER;
            ALTER TABLE sms_message ADD COLUMN price TEXT;
            ALTER TABLE sms_message ADD COLUMN price_currency TEXT;
            ALTER TABLE sms_message ADD COLUMN delivered_at INTEGER;
            ALTER TABLE sms_message ADD COLUMN failed_at INTEGER;
            CREATE INDEX sms_message_provider_id ON sms_message (provider_message_id, provider);
            """,
            // events for Bloomreach, written with the change they tell (an outbox): one per message and
            // status (kind sms), or per opt-out / opt-in (kind consent, on the customer last texted at the
            // number: hence the recipient index), exported in batches under a lease, kept with their outcome
            """
            CREATE TABLE bloomreach_event (
                event_id        TEXT    NOT NULL PRIMARY KEY,
                kind            TEXT    NOT NULL,
                message_id      TEXT,
                status          TEXT    NOT NULL,
                state           TEXT    NOT NULL,
                at              INTEGER NOT NULL,
                error_code      TEXT,
                error           TEXT,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                lease_owner     TEXT,
                lease_until     INTEGER,
                last_error      TEXT,
                exported_at     INTEGER,
                created_at      INTEGER NOT NULL
            );
            CREATE INDEX bloomreach_event_due ON bloomreach_event (state, next_attempt_at);
            CREATE INDEX bloomreach_event_message ON bloomreach_event (message_id);
            CREATE INDEX sms_message_recipient ON sms_message (recipient, created_at);
            """,
            // a send whose answer was lost ends failed, but a later delivery report may still settle it
            """
            ALTER TABLE sms_message ADD COLUMN answer_lost INTEGER NOT NULL DEFAULT 0;
            """,
            // opt-outs: one row per number ever suppressed, its state now (a removal keeps the row, so that
            // other instances see it: they poll the rows changed lately, optout/SuppressionList)
            """
            CREATE TABLE suppression (
                number          TEXT    NOT NULL PRIMARY KEY,
                suppressed      INTEGER NOT NULL,
                source          TEXT    NOT NULL,
                provider        TEXT,
                changed_at      INTEGER NOT NULL
            );
            CREATE INDEX suppression_changed ON suppression (changed_at);
            """,
            // message content (recipient, sender, text) is redacted after its retention: when, and the
            // messages still to redact, oldest first (a partial index: redacted rows leave it)
            """
            ALTER TABLE sms_message ADD COLUMN redacted_at INTEGER;
            CREATE INDEX sms_message_unredacted ON sms_message (created_at) WHERE redacted_at IS NULL;
            """,
            // failed messages an operator sent again (hookpoint requeue): when, and why (with the error it had)
            """
            ALTER TABLE sms_message ADD COLUMN requeued_at INTEGER;
            ALTER TABLE sms_message ADD COLUMN requeue_reason TEXT;
            """,
            // the indexes by status hold only the rows that are read by it (partial indexes): the live messages
            // by when they are due (a settled message is in neither, so the writer stops touching them once it
            // is sent, and they stay small), the settled ones by status (the metrics' counts, a covering scan),
            // the failed ones by age (re-queue); provider ids only where there is one (the log gateway has none)
            """
            DROP INDEX sms_message_due;
            DROP INDEX sms_message_lease;
            DROP INDEX sms_message_provider_id;
            CREATE INDEX sms_message_queued ON sms_message (next_attempt_at) WHERE status = 'queued';
            CREATE INDEX sms_message_leased ON sms_message (lease_until) WHERE status = 'sending';
            CREATE INDEX sms_message_settled ON sms_message (status) WHERE status NOT IN ('queued', 'sending');
            CREATE INDEX sms_message_failed ON sms_message (created_at) WHERE status = 'failed';
            CREATE INDEX sms_message_provider_id ON sms_message (provider_message_id, provider)
                WHERE provider_message_id IS NOT NULL;
            """);

    private Migrations() {
    }

    /** The version the newest step brings the schema to. */
    static int latest() {
        return STEPS.size();
    }

    /**
     * Brings the schema up to date.
     *
     * @param handle  a handle inside a write transaction
     * @param dialect the engine: the steps are written for SQLite and mapped to it
     * @return the schema version reached
     */
    static int apply(Handle handle, Dialect dialect) {
        dialect.lockForMigration(handle);
        handle.execute(dialect.ddl("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
        int current = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                .mapTo(Integer.class)
                .one();
        if (current > STEPS.size()) {
            throw new IllegalStateException("The database has schema version " + current
                    + ", newer than this Hookpoint knows (" + STEPS.size() + "): refusing to start.");
        }
        for (int version = current + 1; version <= STEPS.size(); version++) {
            for (String statement : STEPS.get(version - 1).split(";")) {
                if (!statement.isBlank()) {
                    handle.execute(dialect.ddl(statement));
                }
            }
            handle.createUpdate("INSERT INTO schema_version (version) VALUES (:version)").bind("version", version).execute();
        }
        return STEPS.size();
    }
}
