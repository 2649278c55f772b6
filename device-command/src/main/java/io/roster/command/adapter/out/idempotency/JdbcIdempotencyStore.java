package io.roster.command.adapter.out.idempotency;

import io.roster.command.application.IdempotencyStore;
import io.roster.contract.EncryptedSecret;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Idempotency records in the PostgreSQL database that holds the event store. */
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
        jdbc.execute("create index if not exists roster_idempotency_created_at on roster_idempotency (created_at)");
    }

    private record Row(String requestHash, Integer status, String contentType, String bodyKeyId, String bodyCipher,
                       Timestamp createdAt) {
    }

    @Override
    public Claim claim(String key, String requestHash, Instant now, Instant expiredBefore) {
        int inserted = jdbc.update("""
                insert into roster_idempotency (idem_key, request_hash, created_at) values (?, ?, ?)
                on conflict (idem_key) do nothing""", key, requestHash, Timestamp.from(now));
        if (inserted == 1) {
            return new Claimed();
        }
        List<Row> rows = jdbc.query("""
                select request_hash, status, content_type, body_key_id, body_cipher, created_at
                from roster_idempotency where idem_key = ?""",
                (rs, i) -> new Row(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6)), key);
        if (rows.isEmpty()) {
            return claim(key, requestHash, now, expiredBefore);
        }
        Row row = rows.get(0);
        if (row.createdAt().toInstant().isBefore(expiredBefore)) {
            int taken = jdbc.update("""
                    update roster_idempotency set request_hash = ?, status = null, content_type = null,
                        body_key_id = null, body_cipher = null, created_at = ?
                    where idem_key = ? and created_at = ?""", requestHash, Timestamp.from(now), key, row.createdAt());
            return taken == 1 ? new Claimed() : claim(key, requestHash, now, expiredBefore);
        }
        if (!row.requestHash().equals(requestHash)) {
            return new Mismatch();
        }
        if (row.status() == null) {
            return new InProgress();
        }
        return new Completed(new StoredResponse(row.status(), row.contentType(),
                row.bodyCipher() == null ? null : new EncryptedSecret(row.bodyKeyId(), row.bodyCipher())));
    }

    @Override
    public void complete(String key, StoredResponse response) {
        EncryptedSecret body = response.body();
        jdbc.update("""
                update roster_idempotency set status = ?, content_type = ?, body_key_id = ?, body_cipher = ?
                where idem_key = ?""", response.status(), response.contentType(),
                body == null ? null : body.keyId(), body == null ? null : body.cipher(), key);
    }

    @Override
    public void release(String key) {
        jdbc.update("delete from roster_idempotency where idem_key = ? and status is null", key);
    }

    @Override
    public long purge(Instant expiredBefore) {
        return jdbc.update("delete from roster_idempotency where created_at < ?", Timestamp.from(expiredBefore));
    }
}
