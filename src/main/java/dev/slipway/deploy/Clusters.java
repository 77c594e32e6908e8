package dev.slipway.deploy;

import dev.slipway.deploy.cluster.RolloutSimulator;
import dev.slipway.deploy.cluster.SandboxApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Kubernetes clients Slipway deploys through, one per configured cluster. With no cluster
 * configured it starts the sandbox cluster (an in-process API server and a rollout simulator) and
 * every environment deploys there; it is never started when a real cluster is configured.
 */
@Component
public class Clusters implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Clusters.class);

    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    private final Map<KubernetesClient, RetryAfterHeaders> retryAfter = new ConcurrentHashMap<>();
    private final @Nullable SandboxApiServer sandbox;
    private final @Nullable KubernetesClient sandboxClient;
    private final @Nullable RolloutSimulator simulator;
    private final @Nullable KubernetesClient simulatorClient;

    Clusters(DeployProperties properties) throws IOException {
        if (properties.clusters().isEmpty()) {
            sandbox = SandboxApiServer.start(0, properties.sandbox().stateFolder());
            sandboxClient = connect(sandbox.clientConfig());
            simulatorClient = sandbox.newClient();
            simulator = new RolloutSimulator(simulatorClient, properties.sandbox().rolloutTime());
            simulator.start();
            log.info("No cluster configured: deploying to the sandbox cluster at {} (rollouts take {})", sandbox.url(),
                    properties.sandbox().rolloutTime());
        } else {
            sandbox = null;
            sandboxClient = null;
            simulator = null;
            simulatorClient = null;
            for (var entry : properties.clusters().entrySet()) {
                clients.put(entry.getKey(), connect(config(entry.getKey(), entry.getValue())));
            }
        }
    }

    /** The client for a cluster an environment names; the sandbox's for any name when it runs. */
    public KubernetesClient client(String cluster) {
        if (sandboxClient != null) {
            return sandboxClient;
        }
        KubernetesClient client = clients.get(cluster);
        if (client == null) {
            throw new IllegalStateException("No cluster '" + cluster + "' is configured; add slipway.deploy.clusters."
                    + cluster + ".* or point the environment at one of " + clients.keySet());
        }
        return client;
    }

    public boolean isSandbox() {
        return sandbox != null;
    }

    /** The sandbox API server's URL (for kubectl), or null when real clusters are configured. */
    public @Nullable String sandboxUrl() {
        return sandbox == null ? null : sandbox.url();
    }

    /** How long the cluster this client speaks to asked to wait, with a 429 or 5xx it answered in the last seconds. */
    Optional<Duration> askedWait(@Nullable KubernetesClient client) {
        RetryAfterHeaders headers = client == null ? null : retryAfter.get(client);
        return headers == null ? Optional.empty() : headers.take();
    }

    /**
     * fabric8 would try a failed request again by itself, silently (10 times by default, each time waiting as long as
     * the answer's Retry-After asks): a deployment's log could not say what happened, and one apply could outlast any
     * deadline. Slipway tries again itself, noting each attempt ({@code slipway.deploy.apply.*}); informers reconnect
     * and list again by themselves.
     */
    private KubernetesClient connect(Config config) {
        config.setRequestRetryBackoffLimit(0);
        var headers = new RetryAfterHeaders();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("slipway-retry-after", headers))
                .build();
        retryAfter.put(client, headers);
        return client;
    }

    private static Config config(String name, DeployProperties.Cluster cluster) throws IOException {
        Config config;
        if (cluster.kubeconfig() != null) {
            config = Config.fromKubeconfig(cluster.context(), Files.readString(Path.of(cluster.kubeconfig())),
                    cluster.kubeconfig());
        } else if (cluster.url() != null) {
            config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).withOauthToken(cluster.token())
                    .withCaCertFile(cluster.caFile()).build();
        } else if (cluster.inCluster()) {
            config = Config.autoConfigure(null);
        } else {
            throw new IllegalStateException("Cluster '" + name + "' needs a kubeconfig, a url, or in-cluster: true");
        }
        log.info("Cluster '{}' at {}", name, config.getMasterUrl());
        return config;
    }

    @Override
    public void destroy() {
        clients.values().forEach(KubernetesClient::close);
        if (sandbox != null && simulator != null && simulatorClient != null && sandboxClient != null) {
            simulator.close();
            simulatorClient.close();
            sandboxClient.close();
            sandbox.close();
        }
    }
}
