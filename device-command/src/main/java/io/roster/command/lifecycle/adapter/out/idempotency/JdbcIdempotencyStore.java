package io.roster.command.lifecycle.adapter.out.idempotency;

import io.roster.command.lifecycle.application.IdempotencyLeaseLostException;
import io.roster.command.lifecycle.application.IdempotencyRecord;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.contract.EncryptedSecret;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Idempotency records in the PostgreSQL database that holds the event store. Its {@link JdbcTemplate} joins the
 * Spring transaction Axon opens for each command, so {@link #markCommitted} commits with the command's events.
 */
public class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;

    public JdbcIdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("""
                create table if not exists roster_idempotency (
                    idem_key      varchar(160) primary key,
                    request_hash  char(64)     not null,
                    status        integer,
                    content_type  varchar(128),
                    body_key_id   varchar(64),
                    body_cipher   text,
                    created_at    timestamptz  not null)""");
        jdbc.execute("alter table roster_idempotency add column if not exists lease_id varchar(36)");
        jdbc.execute("alter table roster_idempotency add column if not exists lease_until timestamptz");
        jdbc.execute("alter table roster_idempotency add column if not exists committed boolean not null default false");
        jdbc.execute("create index if not exists roster_idempotency_created_at on roster_idempotency (created_at)");
    }

    private record Row(String leaseId, IdempotencyRecord record, StoredResponse answer) {
    }

    @Override
    public Claim claim(String key, String requestHash, Instant now, Instant leaseUntil, Instant expiredBefore) {
        Lease lease = new Lease(key, UUID.randomUUID().toString());
        int inserted = jdbc.update("""
                insert into roster_idempotency (idem_key, request_hash, created_at, lease_id, lease_until)
                values (?, ?, ?, ?, ?) on conflict (idem_key) do nothing""",
                key, requestHash, Timestamp.from(now), lease.id(), Timestamp.from(leaseUntil));
        if (inserted == 1) {
            return new Claimed(lease);
        }
        List<Row> rows = jdbc.query("""
                select lease_id, request_hash, status, committed, created_at, lease_until, content_type, body_key_id,
                    body_cipher
                from roster_idempotency where idem_key = ?""", (rs, i) -> {
            Integer status = (Integer) rs.getObject(3);
            Timestamp until = rs.getTimestamp(6);
            String cipher = rs.getString(9);
            return new Row(rs.getString(1),
                    new IdempotencyRecord(rs.getString(2), status != null, rs.getBoolean(4),
                            rs.getTimestamp(5).toInstant(), until == null ? null : until.toInstant()),
                    status == null ? null : new StoredResponse(status, rs.getString(7),
                            cipher == null ? null : new EncryptedSecret(rs.getString(8), cipher)));
        }, key);
        if (rows.isEmpty()) {
            return claim(key, requestHash, now, leaseUntil, expiredBefore);
        }
        Row row = rows.get(0);
        return switch (row.record().judge(requestHash, now, expiredBefore)) {
            case TAKE_OVER -> takeOver(row, lease, requestHash, now, leaseUntil)
                    ? new Claimed(lease) : claim(key, requestHash, now, leaseUntil, expiredBefore);
            case COMPLETED -> new Completed(row.answer());
            case IN_PROGRESS -> new InProgress();
            case COMMITTED -> new Committed();
            case MISMATCH -> new Mismatch();
        };
    }

    /** Replaces the record with a fresh claim, unless it changed since it was judged free. */
    private boolean takeOver(Row row, Lease lease, String requestHash, Instant now, Instant leaseUntil) {
        IdempotencyRecord judged = row.record();
        return jdbc.update("""
                update roster_idempotency set request_hash = ?, status = null, content_type = null, body_key_id = null,
                    body_cipher = null, created_at = ?, lease_id = ?, lease_until = ?, committed = false
                where idem_key = ? and created_at = ? and lease_id is not distinct from ?
                    and lease_until is not distinct from ? and committed = ? and (status is not null) = ?""",
                requestHash, Timestamp.from(now), lease.id(), Timestamp.from(leaseUntil), lease.key(),
                Timestamp.from(judged.createdAt()), row.leaseId(),
                judged.leaseUntil() == null ? null : Timestamp.from(judged.leaseUntil()),
                judged.committed(), judged.answered()) == 1;
    }

    @Override
    public void complete(Lease lease, StoredResponse response) {
        EncryptedSecret body = response.body();
        jdbc.update("""
                update roster_idempotency set status = ?, content_type = ?, body_key_id = ?, body_cipher = ?
                where idem_key = ? and lease_id = ?""", response.status(), response.contentType(),
                body == null ? null : body.keyId(), body == null ? null : body.cipher(), lease.key(), lease.id());
    }

    @Override
    public void abandon(Lease lease, Instant now) {
        jdbc.update("delete from roster_idempotency where idem_key = ? and lease_id = ? and status is null "
                + "and not committed", lease.key(), lease.id());
        jdbc.update("update roster_idempotency set lease_until = ? where idem_key = ? and lease_id = ? "
                + "and status is null and committed", Timestamp.from(now), lease.key(), lease.id());
    }

    @Override
    public void markCommitted(Lease lease, Instant leaseUntil) {
        int marked = jdbc.update("update roster_idempotency set committed = true, lease_until = ? "
                + "where idem_key = ? and lease_id = ?", Timestamp.from(leaseUntil), lease.key(), lease.id());
        if (marked != 1) {
            throw new IdempotencyLeaseLostException(lease.key());
        }
    }

    @Override
    public void renew(Lease lease, Instant leaseUntil) {
        int renewed = jdbc.update("update roster_idempotency set lease_until = ? where idem_key = ? and lease_id = ?",
                Timestamp.from(leaseUntil), lease.key(), lease.id());
        if (renewed != 1) {
            throw new IdempotencyLeaseLostException(lease.key());
        }
    }

    @Override
    public boolean sharesCommandTransaction() {
        return true;
    }

    @Override
    public long purge(Instant expiredBefore) {
        return jdbc.update("delete from roster_idempotency where created_at < ?", Timestamp.from(expiredBefore));
    }
}
