package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of a Kubernetes API server that fails on request. It forwards every request faithfully —
 * responses streamed as they come, and watches over WebSocket, as fabric8 opens them — unless a rule matches it, and
 * then answers as a failing API server does: a 5xx or a 429, a 409 apply conflict, a closed connection, a watch ended
 * with 410 Gone. It can also stop listening, so that connections are refused. Built on Vert.x (the sandbox's own web
 * server) because the JDK's HttpServer cannot take a WebSocket upgrade.
 */
public final class FaultyApiProxy implements AutoCloseable {

    /** Deployments written by server-side apply. */
    public static final String APPLY_DEPLOYMENT = "PATCH /apis/apps/v1/namespaces/[^/]+/deployments/[^/]+";

    /** A request the proxy received, and whether a fault answered it. */
    public record Request(Instant at, String method, String path, String query, boolean faulted) {
    }

    /** How a fault answers a request instead of the API server. */
    @FunctionalInterface
    public interface Fault {
        void answer(HttpServerRequest request);
    }

    /** Answers the next {@code times} requests it matches with its fault. */
    public static final class Rule {
        private final String method;
        private final Pattern path;
        private final boolean watches;
        private final AtomicInteger left;
        private final AtomicInteger hits = new AtomicInteger();
        private final Fault fault;

        private Rule(String method, Pattern path, boolean watches, int times, Fault fault) {
            this.method = method;
            this.path = path;
            this.watches = watches;
            this.left = new AtomicInteger(times);
            this.fault = fault;
        }

        /** How many requests this rule has answered. */
        public int hits() {
            return hits.get();
        }

        private boolean claim(String requestMethod, String requestPath, boolean watch) {
            if (watch == watches && method.equals(requestMethod) && path.matcher(requestPath).matches()
                    && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                hits.incrementAndGet();
                return true;
            }
            return false;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "http2-settings", "host", "te", "trailer", "proxy-connection");

    private final Vertx vertx = Vertx.vertx();
    private final URI upstream;
    private final HttpClient client = vertx.createHttpClient();
    private final WebSocketClient sockets = vertx.createWebSocketClient();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile HttpServer server;

    private FaultyApiProxy(URI upstream) {
        this.upstream = upstream;
        this.server = listen(0);
        this.port = server.actualPort();
    }

    /** Starts a proxy on a free port of 127.0.0.1 in front of {@code upstreamUrl}. */
    public static FaultyApiProxy start(String upstreamUrl) {
        return new FaultyApiProxy(URI.create(upstreamUrl));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers the next {@code times} requests matching {@code "METHOD path-regex"}, watches aside, with the fault. */
    public Rule fail(String request, int times, Fault fault) {
        String[] parts = request.split(" ", 2);
        return add(new Rule(parts[0], Pattern.compile(parts[1]), false, times, fault));
    }

    /** Answers the next {@code times} watches, of any resource, with the fault. */
    public Rule failWatches(int times, Fault fault) {
        return failWatches(".*", times, fault);
    }

    /** Answers the next {@code times} watches of a path matching {@code path} with the fault. */
    public Rule failWatches(String path, int times, Fault fault) {
        return add(new Rule("GET", Pattern.compile(path), true, times, fault));
    }

    /** Stops listening: connections are refused, and those open are closed. */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    /** Listens again, on the same port. */
    public synchronized void acceptConnections() {
        if (server == null) {
            server = listen(port);
        }
    }

    /** Forgets every rule and request, and listens again if it had stopped. */
    public void reset() {
        rules.clear();
        requests.clear();
        acceptConnections();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    // --- faults, as a Kubernetes API server gives them -----------------------------------------------------------

    public static Fault status(int code, String reason, String message) {
        String body = Serialization.asJson(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
                .withReason(reason).withMessage(message).withCode(code).build());
        return request -> request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(body);
    }

    public static Fault internalError() {
        return status(500, "InternalError", "Internal error occurred: etcdserver: request timed out");
    }

    /** As the API server's priority and fairness filter turns a request away: a plain-text body and Retry-After. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
        return request -> request.response().setStatusCode(429)
                .putHeader("Retry-After", String.valueOf(retryAfterSeconds))
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Too many requests, please try again later.\n");
    }

    /**
     * A server-side apply conflict as the API server reports it; {@code conflicts} alternate field manager and
     * field, such as {@code "kubectl-edit", ".spec.replicas"}.
     */
    public static Fault fieldManagerConflict(String... conflicts) {
        List<StatusCause> causes = new ArrayList<>();
        for (int i = 0; i < conflicts.length; i += 2) {
            causes.add(new StatusCauseBuilder().withReason("FieldManagerConflict")
                    .withMessage("conflict with \"" + conflicts[i] + "\" using apps/v1").withField(conflicts[i + 1])
                    .build());
        }
        String message = "Apply failed with " + causes.size() + " conflict" + (causes.size() == 1 ? "" : "s") + ": "
                + String.join("\n", causes.stream().map(c -> c.getMessage() + ": " + c.getField()).toList());
        Status status = new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure").withReason("Conflict")
                .withMessage(message).withCode(409).withNewDetails().withName("hull").withGroup("apps")
                .withKind("deployments").withCauses(causes).endDetails().build();
        String body = Serialization.asJson(status);
        return request -> request.response().setStatusCode(409).putHeader("Content-Type", "application/json")
                .end(body);
    }

    /** Closes the connection without an answer, as a server that went away or a load balancer that cut it. */
    public static Fault closeConnection() {
        return request -> request.connection().close();
    }

    /** Ends a watch as the API server does when the resource version it resumes from is too old. */
    public static Fault watchGone() {
        String gone = "{\"type\":\"ERROR\",\"object\":" + Serialization.asJson(new StatusBuilder().withNewMetadata()
                .endMetadata().withStatus("Failure").withReason("Expired")
                .withMessage("too old resource version: 1 (2)").withCode(410).build()) + "}";
        return request -> {
            if (isWebSocket(request)) {
                request.toWebSocket().onSuccess(socket -> socket.writeTextMessage(gone).onComplete(sent -> socket.close()));
            } else {
                request.response().setChunked(true).putHeader("Content-Type", "application/json").end(gone + "\n");
            }
        };
    }

    /** Sends a watch event cut short, which fabric8's informers give up on for good. */
    public static Fault garbledWatch() {
        String cut = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Deploym";
        return request -> {
            if (isWebSocket(request)) {
                request.toWebSocket().onSuccess(socket -> socket.writeTextMessage(cut));
            } else {
                request.response().setChunked(true).putHeader("Content-Type", "application/json").end(cut + "\n");
            }
        };
    }

    /** Opens a watch and drops its connection at once, without a word. */
    public static Fault dropWatch() {
        return request -> {
            if (isWebSocket(request)) {
                request.toWebSocket().onSuccess(socket -> request.connection().close());
            } else {
                request.connection().close();
            }
        };
    }

    // --- the proxy -----------------------------------------------------------------------------------------------

    private Rule add(Rule rule) {
        rules.add(rule);
        return rule;
    }

    private HttpServer listen(int onPort) {
        return vertx.createHttpServer().requestHandler(this::handle).listen(onPort, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
    }

    private void handle(HttpServerRequest request) {
        String method = request.method().name();
        String query = request.query();
        boolean watch = query != null && query.contains("watch=true");
        Rule rule = rules.stream().filter(r -> r.claim(method, request.path(), watch)).findFirst().orElse(null);
        requests.add(new Request(Instant.now(), method, request.path(), query, rule != null));
        if (rule != null) {
            rule.fault.answer(request);
        } else if (isWebSocket(request)) {
            tunnel(request);
        } else {
            forward(request);
        }
    }

    private void forward(HttpServerRequest request) {
        request.pause();
        var options = new RequestOptions().setMethod(request.method()).setHost(upstream.getHost())
                .setPort(upstream.getPort()).setURI(request.uri()).setHeaders(endToEnd(request.headers()));
        client.request(options)
                .compose(upstreamRequest -> hasBody(request) ? upstreamRequest.send(request)
                        : upstreamRequest.send().onComplete(sent -> request.resume()))
                .onSuccess(upstreamResponse -> {
                    var response = request.response().setStatusCode(upstreamResponse.statusCode());
                    response.headers().addAll(endToEnd(upstreamResponse.headers()));
                    if (!response.headers().contains("Content-Length") && upstreamResponse.statusCode() != 204
                            && upstreamResponse.statusCode() != 304) {
                        response.setChunked(true); // a watch's events go out as the server sends them
                    }
                    upstreamResponse.pipeTo(response);
                })
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private void tunnel(HttpServerRequest request) {
        request.pause();
        MultiMap headers = endToEnd(request.headers());
        headers.remove("Sec-WebSocket-Key").remove("Sec-WebSocket-Version").remove("Sec-WebSocket-Extensions");
        var options = new WebSocketConnectOptions().setHost(upstream.getHost()).setPort(upstream.getPort())
                .setURI(request.uri()).setHeaders(headers);
        sockets.connect(options)
                .onSuccess(upstreamSocket -> request.toWebSocket()
                        .onSuccess(socket -> join(socket, upstreamSocket))
                        .onFailure(e -> upstreamSocket.close()))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private static void join(ServerWebSocket socket, WebSocket upstreamSocket) {
        upstreamSocket.textMessageHandler(socket::writeTextMessage);
        upstreamSocket.binaryMessageHandler(socket::writeBinaryMessage);
        socket.textMessageHandler(upstreamSocket::writeTextMessage);
        socket.binaryMessageHandler(upstreamSocket::writeBinaryMessage);
        upstreamSocket.closeHandler(closed -> socket.close());
        socket.closeHandler(closed -> upstreamSocket.close());
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.headers().contains("Content-Length") || request.headers().contains("Transfer-Encoding");
    }

    private static boolean isWebSocket(HttpServerRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade")) && request.method() == HttpMethod.GET;
    }

    private static MultiMap endToEnd(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                copy.add(header.getKey(), header.getValue());
            }
        });
        return copy;
    }

    @Override
    public void close() {
        refuseConnections();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
