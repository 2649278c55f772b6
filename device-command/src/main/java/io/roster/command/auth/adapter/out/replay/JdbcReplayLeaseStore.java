package io.roster.command.auth.adapter.out.replay;

import io.roster.command.auth.application.replay.ReplayLeaseStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The replay claims' lead in PostgreSQL: one row, {@code roster_replay_lead}, changed only by single statements
 * whose conditions decide who holds it, every instant by the database's {@code clock_timestamp()}.
 */
public class JdbcReplayLeaseStore implements ReplayLeaseStore {

    private static final String COLUMNS = "owner, url, acquired_at, lease_until, clock_timestamp()";
    private static final RowMapper<Lease> LEASE = (row, n) -> new Lease(row.getString(1), row.getString(2),
            instant(row.getTimestamp(3)), instant(row.getTimestamp(4)), instant(row.getTimestamp(5)));

    private final JdbcTemplate jdbc;

    public JdbcReplayLeaseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the lease's table and its one row if missing. */
    public static void createSchema(JdbcTemplate jdbc) {
        jdbc.execute("""
                create table if not exists roster_replay_lead (
                    id          smallint    primary key check (id = 1),
                    owner       text,
                    url         text,
                    acquired_at timestamptz not null,
                    lease_until timestamptz not null)""");
        jdbc.execute("""
                insert into roster_replay_lead (id, acquired_at, lease_until)
                values (1, timestamptz 'epoch', timestamptz 'epoch') on conflict (id) do nothing""");
    }

    @Override
    public Lease read() {
        return jdbc.queryForObject("select " + COLUMNS + " from roster_replay_lead where id = 1", LEASE);
    }

    @Override
    public Optional<Lease> acquire(String owner, String url, Duration term) {
        return one(jdbc.query("""
                update roster_replay_lead
                set owner = ?, url = ?, acquired_at = clock_timestamp(),
                    lease_until = clock_timestamp() + ? * interval '1 millisecond'
                where id = 1 and (owner is null or lease_until <= clock_timestamp() or url = ?)
                returning\s""" + COLUMNS, LEASE, owner, url, term.toMillis(), url));
    }

    @Override
    public Optional<Lease> renew(String owner, Duration term) {
        return one(jdbc.query("""
                update roster_replay_lead set lease_until = clock_timestamp() + ? * interval '1 millisecond'
                where id = 1 and owner = ?
                returning\s""" + COLUMNS, LEASE, term.toMillis(), owner));
    }

    @Override
    public void release(String owner) {
        jdbc.update("update roster_replay_lead set owner = null, url = null, lease_until = clock_timestamp()"
                + " where id = 1 and owner = ?", owner);
    }

    private static Optional<Lease> one(List<Lease> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
