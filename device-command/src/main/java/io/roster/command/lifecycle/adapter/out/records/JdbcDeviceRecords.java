package io.roster.command.lifecycle.adapter.out.records;

import io.roster.command.lifecycle.domain.DeviceRecord;
import io.roster.contract.AuthType;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Device records in PostgreSQL, beside the event store's tables: written on the command's connection, so in the
 * transaction that appends the events.
 */
public final class JdbcDeviceRecords extends StoredDeviceRecords {

    private static final String UPSERT = """
            insert into roster_device_record (product_key, device_key, seq, listed, auth_type, code_held, activated,
                has_secret, fingerprint, activated_once) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (product_key, device_key) do update set seq = excluded.seq, listed = excluded.listed,
                auth_type = excluded.auth_type, code_held = excluded.code_held, activated = excluded.activated,
                has_secret = excluded.has_secret, fingerprint = excluded.fingerprint,
                activated_once = excluded.activated_once
            where roster_device_record.seq < excluded.seq""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public JdbcDeviceRecords(EventStore events, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        super(events);
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Creates the tables when missing; the caller holds the schema lock. */
    public static void createSchema(JdbcTemplate jdbc) {
        jdbc.execute("""
                create table if not exists roster_device_record (
                    product_key varchar(255) not null,
                    device_key varchar(255) not null,
                    seq bigint not null,
                    listed boolean not null,
                    auth_type varchar(16),
                    code_held boolean not null,
                    activated boolean not null,
                    has_secret boolean not null,
                    fingerprint varchar(255),
                    activated_once boolean not null,
                    primary key (product_key, device_key))""");
        jdbc.execute("""
                create table if not exists roster_device_mark (
                    product_key varchar(255) primary key,
                    seq bigint not null)""");
    }

    @Override
    protected long mark(String productKey) {
        List<Long> marks = jdbc.queryForList("select seq from roster_device_mark where product_key = ?", Long.class,
                productKey);
        return marks.isEmpty() ? -1 : marks.get(0);
    }

    @Override
    protected Map<String, Row> read(String productKey, Collection<String> deviceKeys) {
        Map<String, Row> rows = new HashMap<>();
        if (deviceKeys.isEmpty()) {
            return rows;
        }
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("""
                    select device_key, seq, listed, auth_type, code_held, activated, has_secret, fingerprint,
                        activated_once
                    from roster_device_record where product_key = ? and device_key = any (?)""");
            select.setString(1, productKey);
            select.setArray(2, connection.createArrayOf("varchar", deviceKeys.toArray()));
            return select;
        }, result -> {
            String authType = result.getString(4);
            rows.put(result.getString(1), new Row(result.getString(1), result.getLong(2), new DeviceRecord(
                    result.getBoolean(3), authType == null ? null : AuthType.valueOf(authType), result.getBoolean(5),
                    result.getBoolean(6), result.getBoolean(7), result.getString(8), result.getBoolean(9))));
        });
        return rows;
    }

    @Override
    protected void write(String productKey, Collection<Row> rows, long mark) {
        if (!rows.isEmpty()) {
            List<Object[]> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                DeviceRecord r = row.record();
                values.add(new Object[]{productKey, row.deviceKey(), row.sequence(), r.listed(),
                        r.authType() == null ? null : r.authType().name(), r.codeHeld(), r.activated(), r.hasSecret(),
                        r.fingerprint(), r.activatedOnce()});
            }
            jdbc.batchUpdate(UPSERT, values, new int[]{Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BOOLEAN,
                    Types.VARCHAR, Types.BOOLEAN, Types.BOOLEAN, Types.BOOLEAN, Types.VARCHAR, Types.BOOLEAN});
        }
        jdbc.update("""
                insert into roster_device_mark (product_key, seq) values (?, ?)
                on conflict (product_key) do update set seq = greatest(roster_device_mark.seq, excluded.seq)""",
                productKey, mark);
    }

    @Override
    protected void inOwnTransaction(Runnable write) {
        ownTransaction.executeWithoutResult(status -> write.run());
    }
}
