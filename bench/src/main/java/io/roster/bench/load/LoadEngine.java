package io.roster.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One run of {@link LoadRun}: the calling thread drives every connection through one selector, non-blocking. The
 * generator shares the cores with the server it measures, so whatever CPU it spends per request is taken from the
 * server; a blocking thread per connection reading byte by byte cost several times what this does. Here a request
 * costs a copy into a reusable buffer, one write, one bulk read into a reusable buffer parsed in place
 * ({@link ResponseParser}) and a share of one {@code epoll_wait} for all connections, and allocates nothing.
 *
 * <p>Request {@code i} is due at once in a closed loop, at {@code start + i * intervalNanos} in an open loop; due
 * requests go out in order on the connections that are free, which are kept in a FIFO, so requests due while all
 * connections are busy wait in line without any queue of their own. A request is measured when it was due (the
 * closed loop: sent) after the warm-up; its latency runs from its due time to the end of its answer.
 *
 * <p>When the server ends a connection (a {@code Connection: close} answer, a body ending at end of stream, or a
 * keep-alive connection closed while idle), a new one is opened and counted as a reconnect. A failed exchange counts
 * as an error, its request stays unanswered and the connection is reopened; a connection that cannot be (re)opened
 * is given up, and the run stops when none is left.
 *
 * <p>Once it stops sending, the run waits for the answers in flight as long as its {@link LoadRun.Waits} allow. A
 * request unanswered for the request time-out fails like a broken exchange. When requests are in flight but none has
 * ended (answered or failed) for the stall time-out, the run stops sending: a server that stopped answering would
 * otherwise hold it to its end. The connections are scanned for time-outs only when one can have struck, so watching
 * adds nothing per request. Every request handed out is reported to the {@link LoadRun.Listener} once, answered or
 * not.
 */
final class LoadEngine {

    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private enum State { CONNECTING, IDLE, BUSY, GIVEN_UP }

    private final IntFunction<byte[]> requests;
    private final int limit;
    private final double intervalNanos;
    private final long drainNanos;
    private final long requestTimeoutNanos;
    private final long stallNanos;
    /** Counts answers by outcome, or {@code null} when the listener sees them instead. */
    private final LoadRun.Classifier classifier;
    private final LoadRun.Listener listener;
    private final Connection[] connections;
    /** Connected connections with no request outstanding, longest free first. */
    private final ArrayDeque<Connection> free;
    private final Consumer<SelectionKey> onReady = this::ready;
    private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    /** Open loop: how late each measured request went out, the part of its latency spent in this client's line. */
    private final Histogram late = new Histogram(HIGHEST_MICROS, 3);
    /** Counters per outcome, so counting one allocates nothing. */
    private final Map<String, long[]> outcomes = new HashMap<>();

    private Selector selector;
    private long start;
    private long measureFrom;
    private int next;
    private int live;
    private int inFlight;
    private long sent;
    private long answered;
    private long lastAnswerNanos;
    private long errors;
    private String firstError;
    private long reconnects;
    /** When a request last ended, or went out while none was in flight: the stall time-out counts from here. */
    private long lastProgress;
    /** No request in flight times out before this (the earliest may time out later). */
    private long nextExpiry;
    private boolean stalled;

    /**
     * @param intervalNanos time between due times in an open loop; 0 for a closed loop
     * @param classifier    counts answers by outcome; {@code null} to leave them to the listener
     */
    LoadEngine(java.util.List<InetSocketAddress> addresses, int connections, IntFunction<byte[]> requests, int limit,
               double intervalNanos, LoadRun.Waits waits, LoadRun.Classifier classifier, LoadRun.Listener listener) {
        this.requests = requests;
        this.limit = limit;
        this.intervalNanos = intervalNanos;
        this.drainNanos = waits.drainNanos();
        this.requestTimeoutNanos = waits.requestTimeoutNanos();
        this.stallNanos = waits.stallNanos();
        this.classifier = classifier;
        this.listener = listener;
        this.connections = new Connection[connections];
        for (int c = 0; c < connections; c++) {
            this.connections[c] = new Connection(addresses.get(c % addresses.size()));
        }
        this.free = new ArrayDeque<>(connections);
    }

    /**
     * Connects every connection, then runs for {@code warmupNanos} (not recorded) and {@code durationNanos}, or until
     * the {@code limit} requests are answered.
     */
    LoadRun.Result run(String name, long warmupNanos, long durationNanos) throws IOException {
        try (Selector s = Selector.open()) {
            selector = s;
            try {
                connectAll();
                start = System.nanoTime();
                measureFrom = start + warmupNanos;
                nextExpiry = start;
                long end = measureFrom + durationNanos;
                long stopped = drive(end);
                drain(stopped);
                abandon();
                return result(name, Math.min(stopped, end), durationNanos);
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }

    private boolean openLoop() {
        return intervalNanos > 0;
    }

    private long due(int index) {
        return start + (long) (index * intervalNanos);
    }

    private void connectAll() throws IOException {
        live = connections.length;
        for (Connection c : connections) {
            connect(c);
        }
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
        for (long now = System.nanoTime(); free.size() < live; now = System.nanoTime()) {
            if (now >= deadline) {
                for (Connection c : connections) {
                    if (c.state == State.CONNECTING) {
                        fail(c, new ConnectException("connect to " + c.address + " timed out"));
                    }
                }
                return;
            }
            selector.select(onReady, millisUpTo(deadline - now));
        }
    }

    /** Sends requests as they are due and handles answers until {@code end}, or until there is nothing left to do. */
    private long drive(long end) throws IOException {
        for (;;) {
            long now = System.nanoTime();
            if (now >= end) {
                return now;
            }
            watch(now);
            if (stalled) {
                return now;
            }
            dispatch(now);
            if (live == 0 || (next >= limit && inFlight == 0)) {
                return now;
            }
            // select times out in whole milliseconds, which would send requests up to a millisecond late; so when a
            // request is due before the end and no answer is awaited, a plain park waits the exact time instead. While
            // answers are awaited, seeing them at once matters more (a late look adds to their latency): select wakes
            // for them, and what is due goes out on the next answer or, at the latest, on the millisecond.
            boolean requestPending = openLoop() && next < limit && !free.isEmpty();
            long wait = (requestPending ? Math.min(end, due(next)) : end) - now;
            if (requestPending && inFlight == 0) {
                LockSupport.parkNanos(wait);
            } else {
                selector.select(onReady, millisUpTo(Math.min(wait, untilWatch(now))));
            }
        }
    }

    /** A select timeout for a positive wait: whole milliseconds, rounded up, since 0 would mean no timeout. */
    private static long millisUpTo(long nanos) {
        return (nanos - 1) / MILLI + 1;
    }

    /** Notes a stall, and fails the requests that have waited longer than the request time-out. */
    private void watch(long now) {
        if (stallNanos > 0 && inFlight > 0 && now - lastProgress >= stallNanos) {
            stalled = true;
        }
        if (requestTimeoutNanos > 0 && now >= nextExpiry) {
            nextExpiry = now + requestTimeoutNanos;
            for (Connection c : connections) {
                if (c.state == State.BUSY) {
                    long expiry = c.sent + requestTimeoutNanos;
                    if (now >= expiry) {
                        fail(c, new SocketTimeoutException("no answer within " + requestTimeoutNanos / MILLI + " ms"));
                    } else {
                        nextExpiry = Math.min(nextExpiry, expiry);
                    }
                }
            }
        }
    }

    /** How long until {@link #watch} may have something to do; {@link Long#MAX_VALUE} for never. */
    private long untilWatch(long now) {
        long wait = Long.MAX_VALUE;
        if (inFlight > 0 && requestTimeoutNanos > 0) {
            wait = nextExpiry - now;
        }
        if (inFlight > 0 && stallNanos > 0 && !stalled) {
            wait = Math.min(wait, lastProgress + stallNanos - now);
        }
        return wait;
    }

    private void dispatch(long now) {
        while (next < limit && !free.isEmpty()) {
            long due = openLoop() ? due(next) : System.nanoTime();
            if (openLoop() && due > now) {
                return;
            }
            Connection c = free.poll();
            int index = next++;
            byte[] request = requests.apply(index);
            if (inFlight++ == 0) {
                lastProgress = now;
            }
            if (due >= measureFrom) {
                sent++;
                if (openLoop()) {
                    late.recordValue(Math.min(Math.max(0, now - due) / 1_000, HIGHEST_MICROS));
                }
            }
            try {
                c.send(index, request, due, openLoop() ? now : due);
            } catch (IOException e) {
                fail(c, e);
            }
        }
    }

    /** Waits for the answers in flight, sending nothing more, for up to {@code drainNanos} after {@code stopped}. */
    private void drain(long stopped) throws IOException {
        for (;;) {
            long now = System.nanoTime();
            watch(now);
            long left = drainNanos - (now - stopped);
            if (inFlight == 0 || live == 0 || left <= 0) {
                return;
            }
            selector.select(onReady, millisUpTo(Math.min(left, untilWatch(now))));
        }
    }

    /** Reports the requests still unanswered when the run stops. */
    private void abandon() {
        for (Connection c : connections) {
            if (c.state == State.BUSY) {
                listener.unanswered(c.index, new IOException("no answer when the run stopped"));
            }
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        int ops = key.readyOps();
        try {
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                if (c.finishConnect()) {
                    free.add(c);
                }
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                c.flush();
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                read(c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void read(Connection c) throws IOException {
        ByteBuffer in = c.in;
        if (c.channel.read(in) < 0) {
            if (c.state != State.BUSY) {
                reconnect(c); // the server closed an idle keep-alive connection
                return;
            }
            c.parser.endOfStream();
            answer(c);
            return;
        }
        if (c.state != State.BUSY) {
            throw new IOException("the server sent bytes while no request was outstanding");
        }
        byte[] bytes = in.array();
        int end = in.position();
        int parsed = c.parser.parse(bytes, 0, end);
        if (c.parser.complete()) {
            if (parsed != end) {
                throw new IOException("the server sent more than one response to one request");
            }
            in.clear();
            answer(c);
        } else if (parsed == 0 && !in.hasRemaining()) {
            throw new IOException("a response line longer than " + in.capacity() + " bytes");
        } else {
            // keep the incomplete line, if any, at the start of the buffer for the next read
            System.arraycopy(bytes, parsed, bytes, 0, end - parsed);
            in.position(end - parsed);
        }
    }

    private void answer(Connection c) {
        long now = System.nanoTime();
        inFlight--;
        lastProgress = now;
        c.state = State.IDLE;
        if (c.due >= measureFrom) {
            answered++;
            lastAnswerNanos = now;
            latency.recordValue(Math.min((now - c.due) / 1_000, HIGHEST_MICROS));
            if (classifier != null) {
                outcomes.computeIfAbsent(classifier.classify(c.parser), k -> new long[1])[0]++;
            }
        }
        listener.answered(c.index, c.due, now, c.parser);
        if (c.parser.closes()) {
            reconnect(c);
        } else {
            free.add(c);
        }
    }

    private void reconnect(Connection c) {
        reconnects++;
        retire(c);
        connect(c);
    }

    private void fail(Connection c, IOException e) {
        errors++;
        if (firstError == null) {
            firstError = e.toString();
        }
        boolean connecting = c.state == State.CONNECTING;
        if (c.state == State.BUSY) {
            lastProgress = System.nanoTime();
            listener.unanswered(c.index, e);
        }
        retire(c);
        if (connecting) {
            c.state = State.GIVEN_UP;
            live--;
            listener.connectFailed(e);
        } else {
            connect(c);
        }
    }

    /** Closes the connection's channel and takes it out of the free list or the requests in flight. */
    private void retire(Connection c) {
        if (c.state == State.IDLE) {
            free.remove(c);
        } else if (c.state == State.BUSY) {
            inFlight--;
        }
        c.close();
    }

    private void connect(Connection c) {
        try {
            if (c.connect(selector)) {
                free.add(c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    /** @param measuredUntil when the closed loop stopped: its end, or the last answer once the requests ran out */
    private LoadRun.Result result(String name, long measuredUntil, long durationNanos) {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counts.put(outcome, count[0]));
        if (!openLoop()) {
            return new LoadRun.Result(name, sent, answered, Math.max(0, measuredUntil - measureFrom) / 1e9, latency, late, counts,
                    errors, firstError, reconnects, 0, 0, stalled);
        }
        int firstMeasured = (int) Math.min(limit, Math.ceil((measureFrom - start) / intervalNanos));
        long due = limit - firstMeasured;
        return new LoadRun.Result(name, due, answered, Math.max(lastAnswerNanos - measureFrom, durationNanos) / 1e9, latency, late,
                counts, errors, firstError, reconnects, due / (durationNanos / 1e9), limit - Math.max(next, firstMeasured),
                stalled);
    }

    /** One keep-alive connection: its channel, its reusable buffers and parser, and the request it waits for. */
    private static final class Connection {

        /** Where it connects: connection i of a run goes to address i modulo the run's addresses. */
        final InetSocketAddress address;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        final ResponseParser parser = new ResponseParser();
        ByteBuffer out = ByteBuffer.allocateDirect(4 * 1024);
        SocketChannel channel;
        SelectionKey key;
        State state;
        int index;
        long due;
        long sent;

        Connection(InetSocketAddress address) {
            this.address = address;
        }

        /** Starts connecting; {@code true} if already connected. */
        boolean connect(Selector selector) throws IOException {
            state = State.CONNECTING;
            in.clear();
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                state = State.IDLE;
            }
            return connected;
        }

        boolean finishConnect() throws IOException {
            if (!channel.finishConnect()) {
                return false;
            }
            key.interestOps(SelectionKey.OP_READ);
            state = State.IDLE;
            return true;
        }

        void send(int requestIndex, byte[] request, long dueNanos, long sentNanos) throws IOException {
            state = State.BUSY;
            index = requestIndex;
            due = dueNanos;
            sent = sentNanos;
            parser.reset();
            if (out.capacity() < request.length) {
                out = ByteBuffer.allocateDirect(request.length);
            }
            out.clear();
            out.put(request).flip();
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        /** Writes what the socket did not take at once. */
        void flush() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing: nothing left to do with it
                }
            }
        }
    }
}
