package io.roster.command.auth.adapter.out.replay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.roster.command.auth.application.replay.ClaimChannel;
import io.roster.command.auth.application.replay.ClaimUnavailableException;
import io.roster.command.auth.application.replay.ForwardedClaims;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards claims to the lead instance's decision port ({@link ForwardedClaims}) over keep-alive connections driven
 * by Netty event loops. A claim made on an event loop (the decision port's) goes out on a connection of that same
 * loop, and its answer completes the claim there: a forwarded decision costs the network round trip and no thread
 * hand-off. Each connection has one request in flight, which carries every claim that queued while the one before
 * it was answered. Fail closed: a claim not answered within {@code timeout}, a refused or broken connection, an
 * answer other than 200, or more than {@code maxWaiting} claims waiting, and the claim is unavailable.
 */
public final class NettyLeadChannel implements ClaimChannel {

    private static final int MAX_BATCH = 1_000;
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final long REAP_EVERY_MILLIS = 50;

    private record Pending(Claim claim, long deadline, CompletableFuture<Boolean> won) {
    }

    private final EventLoopGroup fallback;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final ForwardedClaims wire;
    private final long timeoutNanos;
    private final int maxWaiting;
    private final Map<EventExecutor, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    /** {@code fallback}: the loops used for claims made off an event loop (on the API port's threads). */
    public NettyLeadChannel(EventLoopGroup fallback, String leadUrl, ForwardedClaims wire, Duration timeout,
                            int maxWaiting) {
        URI uri = URI.create(leadUrl);
        this.fallback = fallback;
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.hostHeader = uri.getHost() + ":" + uri.getPort();
        this.wire = wire;
        this.timeoutNanos = timeout.toNanos();
        this.maxWaiting = maxWaiting;
    }

    @Override
    public CompletableFuture<Boolean> claim(UUID fingerprint, Instant expiresAt) {
        CompletableFuture<Boolean> won = new CompletableFuture<>();
        if (closed) {
            won.completeExceptionally(new ClaimUnavailableException("forwarding to the lead is closed", null));
            return won;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            won.completeExceptionally(new ClaimUnavailableException("too many replay claims waiting for the lead", null));
            return won;
        }
        won.whenComplete((result, failure) -> waiting.decrementAndGet());
        Pending pending = new Pending(new Claim(fingerprint, expiresAt), System.nanoTime() + timeoutNanos, won);
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        EventLoop loop = current instanceof EventLoop own ? own : fallback.next();
        Lane lane = lanes.computeIfAbsent(loop, l -> new Lane((EventLoop) l));
        if (loop.inEventLoop()) {
            lane.add(pending);
        } else {
            loop.execute(() -> lane.add(pending));
        }
        return won;
    }

    @Override
    public void close() {
        closed = true;
        for (Lane lane : lanes.values()) {
            if (lane.loop.isShuttingDown()) {
                // the decision port stopped first, and its connections with it: nothing else touches the lane now
                lane.shutDown();
            } else {
                lane.loop.execute(lane::shutDown);
            }
        }
    }

    private static ClaimUnavailableException unavailable(String why) {
        return new ClaimUnavailableException(why, null);
    }

    /** One connection to the lead and its claims, touched only on its event loop. */
    private final class Lane {

        final EventLoop loop;
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        final ScheduledFuture<?> reaper;
        Channel channel;
        boolean connecting;
        List<Pending> inFlight;
        String inFlightTag;
        long inFlightDeadline;

        Lane(EventLoop loop) {
            this.loop = loop;
            this.reaper = loop.scheduleWithFixedDelay(this::reap, REAP_EVERY_MILLIS, REAP_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }

        void add(Pending pending) {
            if (closed) {
                pending.won().completeExceptionally(unavailable("forwarding to the lead is closed"));
                return;
            }
            queue.add(pending);
            pump();
        }

        /** Sends what waits, unless a request is in flight; connects first when needed. */
        void pump() {
            if (inFlight != null || queue.isEmpty() || closed) {
                return;
            }
            if (channel == null || !channel.isActive()) {
                connect();
                return;
            }
            long now = System.nanoTime();
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            List<Claim> claims = new ArrayList<>(batch.size());
            long deadline = Long.MAX_VALUE;
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                Pending next = queue.poll();
                if (next.won().isDone()) {
                    continue;
                }
                if (now - next.deadline() >= 0) {
                    next.won().completeExceptionally(unavailable("the replay claims' lead did not answer in time"));
                    continue;
                }
                batch.add(next);
                claims.add(next.claim());
                deadline = Math.min(deadline, next.deadline());
            }
            if (batch.isEmpty()) {
                return;
            }
            byte[] body = wire.request(claims);
            String tag = wire.tagRequest(body);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, ForwardedClaims.PATH,
                    Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, hostHeader)
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(ForwardedClaims.TAG_HEADER, tag);
            inFlight = batch;
            inFlightTag = tag;
            inFlightDeadline = deadline;
            Channel sending = channel;
            sending.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    sending.close();
                }
            });
        }

        void connect() {
            if (connecting) {
                return;
            }
            connecting = true;
            ChannelFuture connected = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.NANOSECONDS.toMillis(timeoutNanos))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel socket) {
                            socket.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES),
                                    new Reader());
                        }
                    })
                    .connect(host, port);
            connected.addListener(done -> {
                connecting = false;
                if (done.isSuccess()) {
                    channel = connected.channel();
                    pump();
                } else {
                    failQueued("the replay claims' lead at " + hostHeader + " is unreachable: " + done.cause());
                }
            });
        }

        void answered(FullHttpResponse response) {
            List<Pending> batch = inFlight;
            if (batch == null) {
                return;
            }
            String tag = inFlightTag;
            inFlight = null;
            inFlightTag = null;
            int status = response.status().code();
            try {
                if (status == 200) {
                    Set<UUID> won = wire.won(tag, ByteBufUtil.getBytes(response.content()),
                            response.headers().get(ForwardedClaims.TAG_HEADER));
                    for (Pending pending : batch) {
                        pending.won().complete(won.contains(pending.claim().fingerprint()));
                    }
                } else {
                    fail(batch, status == 409 ? "the instance at " + hostHeader + " no longer leads the replay claims"
                            : "the replay claims' lead answered " + status);
                }
            } catch (RuntimeException e) {
                fail(batch, "the replay claims' lead's answer is not valid: " + e.getMessage());
            }
            if (!HttpUtil.isKeepAlive(response) && channel != null) {
                channel.close();
            }
            pump();
        }

        void disconnected(Channel gone) {
            if (gone != channel) {
                return;
            }
            channel = null;
            if (inFlight != null) {
                fail(inFlight, "the connection to the replay claims' lead closed");
                inFlight = null;
                inFlightTag = null;
            }
            pump();
        }

        void reap() {
            long now = System.nanoTime();
            if (inFlight != null && now - inFlightDeadline >= 0) {
                // past its oldest claim's deadline: the answer no longer counts, and the connection is replaced
                fail(inFlight, "the replay claims' lead did not answer in time");
                inFlight = null;
                inFlightTag = null;
                if (channel != null) {
                    Channel stale = channel;
                    channel = null;
                    stale.close();
                }
            }
            while (!queue.isEmpty() && now - queue.peek().deadline() >= 0) {
                queue.poll().won().completeExceptionally(unavailable("the replay claims' lead did not answer in time"));
            }
            pump();
        }

        void failQueued(String why) {
            for (Pending pending; (pending = queue.poll()) != null; ) {
                pending.won().completeExceptionally(unavailable(why));
            }
        }

        void fail(List<Pending> batch, String why) {
            for (Pending pending : batch) {
                pending.won().completeExceptionally(unavailable(why));
            }
        }

        void shutDown() {
            reaper.cancel(false);
            failQueued("forwarding to the lead is closed");
            if (inFlight != null) {
                fail(inFlight, "forwarding to the lead is closed");
                inFlight = null;
            }
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }

        /** Reads a connection's answers for its lane. */
        private final class Reader extends SimpleChannelInboundHandler<FullHttpResponse> {

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                if (ctx.channel() == channel) {
                    answered(response);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                disconnected(ctx.channel());
                super.channelInactive(ctx);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        }
    }
}
