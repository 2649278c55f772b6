package io.roster.command.auth.adapter.out.view;

import io.roster.command.auth.application.CredentialView;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The credential view's snapshot in the event store's PostgreSQL database: the view's binary form
 * ({@link CredentialView#writeSnapshot}) in chunks of 4 MiB, one row each, with the event store position it covers
 * (a gap-aware token: its index and the gaps below it, which a replay from it still reads). One snapshot at a time:
 * a new one replaces the old in one transaction, instances writing at once take turns.
 */
public class JdbcCredentialViewSnapshots implements CredentialViewUpdater.Snapshots {

    static final int CHUNK_BYTES = 4 << 20;

    private final DataSource dataSource;

    public JdbcCredentialViewSnapshots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table if missing; within the caller's Spring transaction, if there is one. */
    public void createSchema() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists credential_view_snapshot (chunk integer primary key,"
                    + " position_index bigint not null, position_gaps text not null, data bytea not null)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the credential view's snapshot table", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @Override
    public TrackingToken load(CredentialView view) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "select position_index, position_gaps, data from credential_view_snapshot order by chunk")) {
                select.setFetchSize(1);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                    TrackingToken position = GapAwareTrackingToken.newInstance(rows.getLong(1), gaps(rows.getString(2)));
                    view.readSnapshot(new DataInputStream(new BufferedInputStream(new Chunks(rows), 1 << 16)));
                    return position;
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the credential view's snapshot", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credential view's snapshot", e);
        }
    }

    @Override
    public void save(CredentialView view, TrackingToken position) {
        if (!(position instanceof GapAwareTrackingToken token)) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("lock table credential_view_snapshot in exclusive mode");
                    statement.execute("delete from credential_view_snapshot");
                }
                String gaps = token.getGaps().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
                try (PreparedStatement insert = connection.prepareStatement("insert into credential_view_snapshot"
                        + " (chunk, position_index, position_gaps, data) values (?, ?, ?, ?)");
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                             new ChunkWriter(insert, token.getIndex(), gaps), 1 << 16))) {
                    view.writeSnapshot(out);
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the credential view's snapshot", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credential view's snapshot", e);
        }
    }

    private static List<Long> gaps(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Long::valueOf).toList();
    }

    /** Inserts a row for every {@link #CHUNK_BYTES} written, and one for the rest on close. */
    private static final class ChunkWriter extends OutputStream {
        private final PreparedStatement insert;
        private final long index;
        private final String gaps;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK_BYTES);
        private int chunk;

        ChunkWriter(PreparedStatement insert, long index, String gaps) {
            this.insert = insert;
            this.index = index;
            this.gaps = gaps;
        }

        @Override
        public void write(int b) throws IOException {
            buffer.write(b);
            if (buffer.size() >= CHUNK_BYTES) {
                insertChunk();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int part = Math.min(length, CHUNK_BYTES - buffer.size());
                buffer.write(bytes, offset, part);
                offset += part;
                length -= part;
                if (buffer.size() >= CHUNK_BYTES) {
                    insertChunk();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (buffer.size() > 0 || chunk == 0) {
                insertChunk();
            }
        }

        private void insertChunk() throws IOException {
            try {
                insert.setInt(1, chunk++);
                insert.setLong(2, index);
                insert.setString(3, gaps);
                insert.setBytes(4, buffer.toByteArray());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot insert chunk " + (chunk - 1), e);
            }
            buffer.reset();
        }
    }

    /** The chunks' bytes one after the other, the current row first. */
    private static final class Chunks extends InputStream {
        private final ResultSet rows;
        private byte[] current;
        private int offset;

        Chunks(ResultSet rows) throws SQLException {
            this.rows = rows;
            this.current = rows.getBytes(3);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int at, int length) throws IOException {
            while (current != null && offset >= current.length) {
                next();
            }
            if (current == null) {
                return -1;
            }
            int part = Math.min(length, current.length - offset);
            System.arraycopy(current, offset, into, at, part);
            offset += part;
            return part;
        }

        private void next() throws IOException {
            try {
                current = rows.next() ? rows.getBytes(3) : null;
                offset = 0;
            } catch (SQLException e) {
                throw new IOException("cannot read the next chunk", e);
            }
        }
    }
}
