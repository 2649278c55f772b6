package io.roster.command.adapter.out.replay;

import io.roster.command.auth.replay.ReplayClaimStore;
import org.postgresql.PGConnection;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Replay claims in the PostgreSQL database that holds the event store. A batch is one statement: the fingerprints
 * and expiries go as two arrays, {@code on conflict do nothing} skips those claimed before, by any instance, and
 * {@code returning} names the rows inserted, the claims won. Autocommit: a claim counts once its row committed.
 * <p>
 * Give it connections of their own whose sessions run {@code synchronous_commit = off} (see
 * {@code PostgresEventStoreConfiguration}): a claim is then visible to every other instance as soon as it is
 * inserted, without waiting for the write-ahead log to reach the disk, so a decision waits for one round trip and
 * never for an fsync. What that gives up is the claims of the last moment before a PostgreSQL crash (at most three
 * {@code wal_writer_delay}s, 600 ms by default), which docs/security.md accounts for.
 */
public class JdbcReplayClaimStore implements ReplayClaimStore {

    private static final String STORE = """
            insert into roster_replay_claims (fingerprint, expires_at)
            select f, to_timestamp(e / 1000.0) from unnest(?::uuid[], ?::bigint[]) as t(f, e)
            on conflict (fingerprint) do nothing""";
    private static final String CLAIM = STORE + "\nreturning fingerprint";

    /**
     * A claim expires at most this long after it was inserted: its timestamp is at most 5 minutes ahead of the
     * inserting instance's clock, plus the 5-minute window, plus a minute for clocks that differ.
     */
    static final Duration EXPIRES_WITHIN = Duration.ofMinutes(11);

    private static final int STORE_TIMEOUT_SECONDS = 30;
    private static final String COPY = "copy roster_replay_claims (fingerprint, expires_at) from stdin (format binary)";
    /** The binary format's signature, flags and header extension length. */
    private static final byte[] COPY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    /** 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final JdbcTemplate jdbc;
    private final int timeoutSeconds;

    /** {@code timeoutSeconds}: the longest a claim statement may run before the driver cancels it. */
    public JdbcReplayClaimStore(JdbcTemplate jdbc, int timeoutSeconds) {
        this.jdbc = jdbc;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Creates the claims table and its index of insertion times if missing (a table of an earlier version gains the
     * column), and the lead's lease table ({@link JdbcReplayLeaseStore}).
     */
    public static void createSchema(JdbcTemplate jdbc) {
        jdbc.execute("""
                create table if not exists roster_replay_claims (
                    fingerprint uuid        primary key,
                    expires_at  timestamptz not null,
                    inserted_at timestamptz not null default clock_timestamp())""");
        jdbc.execute("alter table roster_replay_claims add column if not exists inserted_at timestamptz not null"
                + " default clock_timestamp()");
        jdbc.execute("drop index if exists roster_replay_claims_expires_at");
        // rows are appended in insertion order, so a block-range index finds recent or old ones at a fraction of
        // a b-tree's cost per insert
        jdbc.execute("create index if not exists roster_replay_claims_inserted_at on roster_replay_claims"
                + " using brin (inserted_at)");
        JdbcReplayLeaseStore.createSchema(jdbc);
    }

    @Override
    public Set<UUID> claim(List<Claim> claims) {
        return run(CLAIM, claims, timeoutSeconds, statement -> {
            Set<UUID> won = new HashSet<>(claims.size() * 2);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    won.add(rows.getObject(1, UUID.class));
                }
            }
            return won;
        });
    }

    /**
     * One binary {@code COPY} (PostgreSQL's cheapest way in, a fraction of an insert's cost per row): the claims
     * decided from memory are new to the store. Should one not be (the store refuses the whole copy on its key), the
     * batch is inserted again skipping those stored before. Not bound by the claims' timeout: nobody waits for it,
     * and a slow statement is better than a retry.
     */
    @Override
    public int store(List<Claim> claims) {
        try {
            return jdbc.execute((ConnectionCallback<Integer>) connection -> {
                try {
                    return (int) connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn(COPY, new ByteArrayInputStream(copyRows(claims)));
                } catch (IOException e) {
                    throw new SQLException("the claims could not be sent to PostgreSQL", e);
                }
            });
        } catch (DuplicateKeyException e) {
            return run(STORE, claims, STORE_TIMEOUT_SECONDS, PreparedStatement::executeUpdate);
        }
    }

    /** The claims in {@code COPY}'s binary format: a fingerprint ({@code uuid}) and an expiry ({@code timestamptz}). */
    private static byte[] copyRows(List<Claim> claims) {
        ByteBuffer rows = ByteBuffer.allocate(COPY_HEADER.length + claims.size() * (2 + 4 + 16 + 4 + 8) + 2);
        rows.put(COPY_HEADER);
        for (Claim claim : claims) {
            Instant expiresAt = claim.expiresAt();
            long micros = (expiresAt.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000 + expiresAt.getNano() / 1_000;
            rows.putShort((short) 2)
                    .putInt(16).putLong(claim.fingerprint().getMostSignificantBits())
                    .putLong(claim.fingerprint().getLeastSignificantBits())
                    .putInt(8).putLong(micros);
        }
        rows.putShort((short) -1);
        return rows.array();
    }

    private interface Execution<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Runs {@code sql} with the claims' fingerprints and expiries as its two array parameters. */
    private <T> T run(String sql, List<Claim> claims, int timeout, Execution<T> execution) {
        UUID[] fingerprints = new UUID[claims.size()];
        Long[] expiries = new Long[claims.size()];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = claims.get(i).fingerprint();
            expiries[i] = claims.get(i).expiresAt().toEpochMilli();
        }
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            Array f = connection.createArrayOf("uuid", fingerprints);
            Array e = connection.createArrayOf("bigint", expiries);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(timeout);
                statement.setArray(1, f);
                statement.setArray(2, e);
                return execution.run(statement);
            } finally {
                f.free();
                e.free();
            }
        });
    }

    @Override
    public List<Claim> claimsInsertedSince(Instant insertedFrom, Instant expiringAfter) {
        return jdbc.query("""
                select fingerprint, expires_at from roster_replay_claims
                where inserted_at >= ? and expires_at > ?""",
                (row, n) -> new Claim(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant()),
                Timestamp.from(insertedFrom), Timestamp.from(expiringAfter));
    }

    /**
     * Claims are found by insertion time (the one index a claim costs besides its key): one inserted more than
     * {@link #EXPIRES_WITHIN} before {@code expiredBefore} has certainly expired by then.
     */
    @Override
    public int purge(Instant expiredBefore, int limit) {
        return jdbc.update("""
                delete from roster_replay_claims where fingerprint in (
                    select fingerprint from roster_replay_claims where inserted_at < ? limit ?)""",
                Timestamp.from(expiredBefore.minus(EXPIRES_WITHIN)), limit);
    }
}
