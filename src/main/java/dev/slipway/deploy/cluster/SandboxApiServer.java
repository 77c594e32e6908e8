package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.vertx.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An in-process Kubernetes API server over real HTTP on 127.0.0.1, for the sandbox cluster and tests. */
public final class SandboxApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxApiServer.class);

    /**
     * The web server logs every request at INFO through java.util.logging, which would bury Slipway's own log
     * lines. Held here because java.util.logging keeps loggers only weakly, and would forget the level.
     */
    private static final java.util.logging.Logger REQUEST_LOG = quietRequestLog();

    private final KubernetesMockServer server;
    private final String url;
    private final @Nullable StateJournal journal;

    private SandboxApiServer(KubernetesMockServer server, String url, @Nullable StateJournal journal) {
        this.server = server;
        this.url = url;
        this.journal = journal;
    }

    /** Starts on a free port, keeping its objects in memory only. */
    public static SandboxApiServer start() {
        return start(0, null);
    }

    /** Starts on {@code port}, or on a free port when it is 0, keeping its objects in memory only. */
    public static SandboxApiServer start(int port) {
        return start(port, null);
    }

    /**
     * Starts on {@code port} (a free one when 0). With a {@code stateDir}, the objects stored there by an earlier
     * run are served again, resource versions and generations going on from where they were, and every change is
     * kept there; with null, objects live in memory only.
     */
    public static SandboxApiServer start(int port, @Nullable Path stateDir) {
        StateJournal journal = stateDir == null ? null : StateJournal.open(stateDir);
        MockWebServer webServer = new MockWebServer();
        // kubectl and the JDK's client speak HTTP/1.1 over plain http; h2c upgrades only get in the way.
        webServer.setProtocols(List.of(Protocol.HTTP_1_1));
        SandboxDispatcher dispatcher = new SandboxDispatcher(webServer::reset, journal);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), webServer,
                new HashMap<>(), dispatcher, false);
        server.start(loopback(), port);
        String url = "http://127.0.0.1:" + server.getPort();
        log.info("Sandbox cluster: Kubernetes API server listening on {} (in-process, not a real cluster)", url);
        return new SandboxApiServer(server, url, journal);
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** A client for {@link #url()} that reads no kubeconfig; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /** The configuration of a client for {@link #url()}, reading no kubeconfig. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withHttp2Disable(true)
                .build();
    }

    @Override
    public void close() {
        server.shutdown();
        if (journal != null) {
            journal.close();
        }
        log.info("Sandbox cluster: Kubernetes API server on {} stopped", url);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.logging.Logger quietRequestLog() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(MockWebServer.class.getName());
        logger.setLevel(Level.WARNING);
        return logger;
    }
}
