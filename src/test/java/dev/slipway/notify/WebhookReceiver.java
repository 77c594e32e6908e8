package dev.slipway.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local endpoint that records what it receives and answers with the given statuses, the last one repeated;
 * a 3xx points at {@code /hook/moved}, which it records too. Its URL names {@code localhost}, which the tests
 * that deliver allow with {@code slipway.notify.allowed-hosts}.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Integer> statuses;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int... statuses) {
        this.statuses = new ArrayDeque<>();
        for (int status : statuses) {
            this.statuses.add(status);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            int status;
            synchronized (this.statuses) {
                status = this.statuses.size() > 1 ? this.statuses.poll() : this.statuses.peek();
            }
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "/hook/moved");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver answering(int... statuses) {
        return new WebhookReceiver(statuses);
    }

    String url() {
        return "http://localhost:" + port() + "/hook";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
