package io.roster.command.auth.adapter.out.replay;

import io.roster.command.auth.application.replay.ReplayClaimStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay claims in the PostgreSQL database that holds the event store: one row per batch the lead wrote behind, its
 * claims packed in a {@code bytea} ({@link ClaimBatches}), stored out of line and uncompressed (fingerprints do not
 * compress). A lead deciding 70,000 connections a second writes a couple of hundred small rows a second, not 70,000
 * indexed ones. Autocommit: a batch counts once its row committed.
 * <p>
 * Give it connections of their own whose sessions run {@code synchronous_commit = off} (see
 * {@code PostgresEventStoreConfiguration}): a batch is visible as soon as it is inserted, without waiting for the
 * write-ahead log to reach the disk. What that gives up is the claims of the last moment before a PostgreSQL crash
 * (at most three {@code wal_writer_delay}s, 600 ms by default), which docs/security.md accounts for.
 */
public class JdbcReplayClaimStore implements ReplayClaimStore {

    private final JdbcTemplate jdbc;
    private final int timeoutSeconds;

    /** {@code timeoutSeconds}: the longest a statement may run before the driver cancels it. */
    public JdbcReplayClaimStore(JdbcTemplate jdbc, int timeoutSeconds) {
        this.jdbc = jdbc;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Creates the table of claim batches and its indexes (insertion times for a new lead, expiries for the purge) if
     * missing, and the lead's lease table
     * ({@link JdbcReplayLeaseStore}). The table of one row per claim that came before it is dropped.
     */
    public static void createSchema(JdbcTemplate jdbc) {
        jdbc.execute("""
                create table if not exists roster_replay_claim_batches (
                    id          bigserial   primary key,
                    inserted_at timestamptz not null default clock_timestamp(),
                    expires_by  timestamptz not null,
                    claims      bytea       not null)""");
        jdbc.execute("alter table roster_replay_claim_batches alter column claims set storage external");
        jdbc.execute("create index if not exists roster_replay_claim_batches_inserted_at"
                + " on roster_replay_claim_batches (inserted_at)");
        jdbc.execute("create index if not exists roster_replay_claim_batches_expires_by"
                + " on roster_replay_claim_batches (expires_by)");
        jdbc.execute("drop table if exists roster_replay_claims");
        JdbcReplayLeaseStore.createSchema(jdbc);
    }

    @Override
    public void store(List<Claim> claims) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(
                    "insert into roster_replay_claim_batches (expires_by, claims) values (?, ?)");
            statement.setQueryTimeout(timeoutSeconds);
            statement.setTimestamp(1, Timestamp.from(ClaimBatches.expiresBy(claims)));
            statement.setBytes(2, ClaimBatches.pack(claims));
            return statement;
        });
    }

    @Override
    public List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter) {
        List<Claim> found = new ArrayList<>();
        jdbc.query("select claims from roster_replay_claim_batches where inserted_at >= ? and expires_by > ?",
                (RowCallbackHandler) row -> ClaimBatches.unpack(row.getBytes(1), expiringAfter, found),
                Timestamp.from(insertedFrom), Timestamp.from(expiringAfter));
        return found;
    }

    @Override
    public int purge(Instant expiredBefore, int limit) {
        return jdbc.update("""
                delete from roster_replay_claim_batches where id in (
                    select id from roster_replay_claim_batches where expires_by < ? limit ?)""",
                Timestamp.from(expiredBefore), limit);
    }
}
