package io.roster.command.auth.adapter.out.audit;

import io.roster.command.auth.application.AuditTrail;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The audit trail in the PostgreSQL database of the event store. */
public class JdbcAuditTrail implements AuditTrail {

    private final JdbcTemplate jdbc;

    public JdbcAuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("""
                create table if not exists roster_audit (
                    id       varchar(36)  primary key,
                    at       timestamptz  not null,
                    actor    varchar(256) not null,
                    source   varchar(512) not null,
                    action   varchar(64)  not null,
                    target   varchar(200) not null,
                    outcome  varchar(64)  not null)""");
        jdbc.execute("create index if not exists roster_audit_at on roster_audit (at)");
    }

    @Override
    public void record(AuditRecord r) {
        jdbc.update("insert into roster_audit (id, at, actor, source, action, target, outcome) values (?, ?, ?, ?, ?, ?, ?)",
                r.id(), Timestamp.from(r.at()), r.actor(), r.source(), r.action(), r.target(), r.outcome());
    }

    @Override
    public List<AuditRecord> find(Instant from, Instant to, int limit) {
        return jdbc.query("""
                        select id, at, actor, source, action, target, outcome from roster_audit
                        where at >= ? and at < ? order by at, id limit ?""",
                (rs, i) -> new AuditRecord(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
                Timestamp.from(from), Timestamp.from(to), limit);
    }
}
