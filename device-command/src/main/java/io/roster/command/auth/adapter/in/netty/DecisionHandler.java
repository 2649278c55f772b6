package io.roster.command.auth.adapter.in.netty;

import io.roster.command.auth.adapter.in.rest.AuthCalls;
import io.roster.command.web.ApiError;
import io.roster.command.web.ApiExceptionHandler;
import io.roster.command.web.BadRequestException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.roster.command.auth.adapter.in.rest.AuthCalls.ConnectBody;
import io.roster.command.auth.adapter.in.rest.AuthCalls.EmqxBody;
import io.roster.command.auth.application.DeviceAuthentication.ConnectRequest;
import io.roster.command.auth.application.replay.ForwardedClaims;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.contract.security.HeaderBearerTokenResolver;
import io.roster.contract.security.JsonSecurityErrors;
import io.roster.contract.security.Role;
import io.roster.contract.security.RolesClaimConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One decision-port connection ({@link DecisionServer}): routes each request, checks the gateway's bearer token and
 * the body as the API port does, and answers in the API's shapes. A decision is asynchronous (its replay claim is
 * written in a batch, a first success writes an event on a pool of its own) and the event loop never waits for it:
 * the connection goes on reading, and answers are written, on the event loop, in the order of their requests
 * (HTTP/1.1 pipelining). With {@value #MAX_OWED} answers owed the connection stops reading until half are written.
 */
final class DecisionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(DecisionHandler.class);

    static final String PING = "/api/v1/ping";
    static final String CONNECT = "/api/v1/auth/connect";
    static final String EMQX = "/api/v1/auth/emqx";
    static final String REGISTER = "/api/v1/auth/register";

    private static final byte[] PONG = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final String GATEWAY = Role.GATEWAY.authority();
    static final int MAX_OWED = 64;

    /** What every connection's handler shares. */
    record Shared(AuthCalls calls, ObjectMapper json, JwtDecoder tokens, RolesClaimConverter roles,
                  DecisionMetrics metrics, ReplayClaims claims, ForwardedClaims forwarded) {

        Shared(AuthCalls calls, ObjectMapper json, JwtDecoder tokens, String rolesClaim, DecisionMetrics metrics,
               ReplayClaims claims, ForwardedClaims forwarded) {
            this(calls, json, tokens, new RolesClaimConverter(rolesClaim), metrics, claims, forwarded);
        }
    }

    /** An answer: its status and JSON body, and the instance tag of an answer to forwarded claims. */
    private record Answer(HttpResponseStatus status, byte[] body, String outcome, String tag) {

        Answer(HttpResponseStatus status, byte[] body, String outcome) {
            this(status, body, outcome, null);
        }
    }

    /** An answer owed to a request of this connection: what writing it needs, and the answer once decided. */
    private static final class Owed {
        final HttpVersion version;
        final boolean keepAlive;
        final String endpoint;
        final long start;
        Answer answer;

        Owed(FullHttpRequest request, String endpoint, long start) {
            this.version = request.protocolVersion();
            this.keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            this.endpoint = endpoint;
            this.start = start;
        }
    }

    private final Shared shared;
    /**
     * The last token this connection showed that carried the gateway role. The decoder hands out the same
     * {@link Jwt} for the same token while it is valid (and checks that validity on every call), so a gateway's
     * connection, which sends one token for many decisions, has its roles read once.
     */
    private Jwt admitted;
    /** Answers owed, in request order: the head is written first, as soon as it is decided. */
    private final ArrayDeque<Owed> owed = new ArrayDeque<>(0);
    /** An answer that closes the connection was written: nothing more is. */
    private boolean closing;

    DecisionHandler(Shared shared) {
        super(false);
        this.shared = shared;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (closing) {
            request.release();
            return;
        }
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        if (!request.decoderResult().isSuccess()) {
            answer(ctx, request, "other", error(HttpResponseStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the request is not valid HTTP/1.1 or its line or headers are too long"), start);
            return;
        }
        String path = path(request.uri());
        String endpoint = switch (path) {
            case PING -> "ping";
            case CONNECT -> "connect";
            case EMQX -> "emqx";
            case ForwardedClaims.PATH -> "claims";
            default -> "other";
        };
        Answer refused = refusal(request, path);
        if (refused != null) {
            answer(ctx, request, endpoint, refused, start);
            return;
        }
        if (endpoint.equals("ping")) {
            answer(ctx, request, endpoint, new Answer(HttpResponseStatus.OK, PONG, "ok"), start);
            return;
        }
        if (endpoint.equals("claims")) {
            respond(ctx, request, endpoint, forwardedClaims(request), start);
            return;
        }
        boolean connect = endpoint.equals("connect");
        ConnectRequest decision;
        try {
            decision = connect ? shared.calls().connectRequest(read(request, ConnectBody.class))
                    : shared.calls().emqxRequest(read(request, EmqxBody.class));
        } catch (BadBody e) {
            answer(ctx, request, endpoint, json(HttpResponseStatus.BAD_REQUEST, e.error, "400"), start);
            return;
        } catch (BadRequestException e) {
            answer(ctx, request, endpoint, error(HttpResponseStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage()), start);
            return;
        }
        respond(ctx, request, endpoint, decide(connect, decision), start);
    }

    /** Answers when {@code decided} completes, in request order. */
    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint,
                         CompletableFuture<Answer> decided, long start) {
        if (decided.isDone() && owed.isEmpty()) {
            answer(ctx, request, endpoint, decided.join(), start);
            return;
        }
        Owed mine = owe(ctx, request, endpoint, start);
        decided.whenComplete((answer, failure) -> {
            if (ctx.executor().inEventLoop()) {
                decided(ctx, mine, answer);
            } else {
                ctx.executor().execute(() -> decided(ctx, mine, answer));
            }
        });
    }

    /** Queues an answer owed behind the others; with {@value #MAX_OWED} owed, stops reading the connection. */
    private Owed owe(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint, long start) {
        Owed mine = new Owed(request, endpoint, start);
        owed.add(mine);
        if (owed.size() >= MAX_OWED) {
            ctx.channel().config().setAutoRead(false);
        }
        return mine;
    }

    /** Writes the answers owed from the head on, as far as they are decided; reads again once few are owed. */
    private void decided(ChannelHandlerContext ctx, Owed decided, Answer answer) {
        decided.answer = answer;
        while (!owed.isEmpty() && owed.peek().answer != null) {
            Owed next = owed.poll();
            if (!ctx.channel().isActive() || closing) {
                continue;
            }
            write(ctx, next.version, next.keepAlive, next.endpoint, next.answer, next.start);
        }
        if (!closing && !ctx.channel().config().isAutoRead() && owed.size() <= MAX_OWED / 2) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Not found, wrong method, no or wrong token, wrong media type: the API port's refusals; null when none. */
    private Answer refusal(FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        switch (path) {
            case PING -> {
                return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) ? null
                        : error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", method + " is not supported here");
            }
            case CONNECT, EMQX -> {
                if (!method.equals(HttpMethod.POST)) {
                    return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", method + " is not supported here");
                }
            }
            case ForwardedClaims.PATH -> {
                // another instance's claims, authenticated by their tag (ForwardedClaims), not by a token
                return method.equals(HttpMethod.POST) ? null
                        : error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", method + " is not supported here");
            }
            case REGISTER -> {
                return error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND",
                        "registrations are served on the API port only; this port answers connect and emqx decisions");
            }
            default -> {
                return error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint");
            }
        }
        Answer unauthorized = authorize(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (unauthorized != null) {
            return unauthorized;
        }
        CharSequence type = HttpUtil.getMimeType(request);
        if (type == null || !HttpHeaderValues.APPLICATION_JSON.contentEqualsIgnoreCase(type)) {
            return error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
        }
        return null;
    }

    /** The gateway role, from a valid bearer token; else the API's 401 or 403. */
    private Answer authorize(String authorization) {
        Jwt jwt;
        try {
            String token = HeaderBearerTokenResolver.token(authorization);
            if (token == null) {
                return new Answer(HttpResponseStatus.UNAUTHORIZED, JsonSecurityErrors.unauthenticatedBody(), "401");
            }
            jwt = shared.tokens().decode(token);
        } catch (JwtException | AuthenticationException e) {
            return new Answer(HttpResponseStatus.UNAUTHORIZED, JsonSecurityErrors.unauthenticatedBody(), "401");
        }
        if (jwt == admitted) {
            return null;
        }
        for (GrantedAuthority authority : shared.roles().convert(jwt)) {
            if (GATEWAY.equals(authority.getAuthority())) {
                admitted = jwt;
                return null;
            }
        }
        return new Answer(HttpResponseStatus.FORBIDDEN, JsonSecurityErrors.forbiddenBody(), "403");
    }

    private <T> T read(FullHttpRequest request, Class<T> type) throws BadBody {
        try (InputStream in = new ByteBufInputStream(request.content())) {
            T body = shared.json().readValue(in, type);
            if (body == null) {
                throw new BadBody(ApiError.of("MALFORMED_JSON", "the request body is not valid JSON for this call"));
            }
            return body;
        } catch (JacksonException e) {
            throw new BadBody(ApiExceptionHandler.unreadableBody(e));
        } catch (IOException e) {
            throw new BadBody(ApiExceptionHandler.unreadableBody(null));
        }
    }

    /** The decision's answer; it never completes exceptionally (a failure is answered 503 or 500). */
    private CompletableFuture<Answer> decide(boolean connect, ConnectRequest request) {
        try {
            if (connect) {
                return shared.calls().connect(request).handle((decision, failure) -> failure != null ? failed(failure)
                        : json(HttpResponseStatus.OK, decision, decision.result()));
            }
            return shared.calls().emqx(request).handle((decision, failure) -> failure != null ? failed(failure)
                    : json(HttpResponseStatus.OK, decision, decision.result()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(e));
        }
    }

    /** Claims forwarded to this instance as the lead: 200 with those won, 409 when it does not lead, 401 untagged. */
    private CompletableFuture<Answer> forwardedClaims(FullHttpRequest request) {
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        String tag = request.headers().get(ForwardedClaims.TAG_HEADER);
        List<Claim> claims;
        try {
            claims = shared.forwarded().claims(body, tag);
        } catch (SecurityException e) {
            return CompletableFuture.completedFuture(error(HttpResponseStatus.UNAUTHORIZED, "UNAUTHENTICATED", e.getMessage()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(error(HttpResponseStatus.BAD_REQUEST, "MALFORMED_JSON", e.getMessage()));
        }
        return shared.claims().claimForwarded(claims).handle((won, failure) -> {
            if (failure == null) {
                byte[] answer = shared.forwarded().answer(won);
                return new Answer(HttpResponseStatus.OK, answer, "ok", shared.forwarded().tagAnswer(tag, answer));
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause instanceof ReplayClaims.NotLeadingException
                    ? error(HttpResponseStatus.CONFLICT, "NOT_LEADING", cause.getMessage())
                    : error(HttpResponseStatus.SERVICE_UNAVAILABLE, "CLAIMS_UNAVAILABLE", cause.getMessage());
        });
    }

    private Answer failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RejectedExecutionException) {
            return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED", "too many first connections at once; retry shortly");
        }
        log.error("decision failed", cause);
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the request failed unexpectedly; it may be retried");
    }

    private Answer json(HttpResponseStatus status, Object value, String outcome) {
        try {
            return new Answer(status, shared.json().writeValueAsBytes(value), outcome);
        } catch (IOException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }

    private Answer error(HttpResponseStatus status, String code, String message) {
        return json(status, ApiError.of(code, message), String.valueOf(status.code()));
    }

    /** Answers now, or after the answers still owed to earlier requests. */
    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint, Answer answer, long start) {
        if (owed.isEmpty()) {
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            write(ctx, request.protocolVersion(), keepAlive, endpoint, answer, start);
        } else {
            owe(ctx, request, endpoint, start).answer = answer;
        }
    }

    private void write(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive, String endpoint, Answer answer,
                       long start) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, answer.status(), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        if (answer.status().equals(HttpResponseStatus.UNAUTHORIZED) && !"claims".equals(endpoint)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (answer.tag() != null) {
            response.headers().set(ForwardedClaims.TAG_HEADER, answer.tag());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        shared.metrics().record(endpoint, answer.outcome(), start);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        owed.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("decision connection failed: {}", cause.toString());
        }
        ctx.close();
    }

    /** A body that cannot be read as the call's JSON. */
    private static final class BadBody extends Exception {
        final ApiError error;

        BadBody(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** Aggregates a request and its body up to the API's limit; a longer one gets the API's 413 and the connection ends. */
    static final class BodyLimit extends HttpObjectAggregator {

        private static final long LINGER_SECONDS = 5;

        private final byte[] tooLarge;

        BodyLimit(int maxBodyBytes) {
            super(maxBodyBytes);
            tooLarge = ("{\"error\":\"PAYLOAD_TOO_LARGE\",\"message\":\"the request body is larger than " + maxBodyBytes
                    + " bytes\"}").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(tooLarge));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, tooLarge.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // closing at once, with the rest of the body unread, would make the kernel reset the connection and the
            // client could lose the answer: half-close instead, let the aggregator discard what still comes, and
            // close when the client does or after a grace period
            ctx.writeAndFlush(response).addListener(written -> {
                if (written.isSuccess() && ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket) {
                    socket.shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
                } else {
                    ctx.close();
                }
            });
        }
    }
}
