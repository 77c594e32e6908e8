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
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final SandboxApiServer sandbox;
    private final KubernetesClient sandboxClient;
    private final RolloutSimulator simulator;
    private final KubernetesClient simulatorClient;

    Clusters(ClusterProperties properties) throws IOException {
        if (properties.clusters().isEmpty()) {
            sandbox = SandboxApiServer.start(0, properties.sandbox().stateFolder());
            sandboxClient = sandbox.newClient();
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
                clients.put(entry.getKey(), connect(entry.getKey(), entry.getValue()));
            }
        }
    }

    /** The client for a cluster an environment names; the sandbox's for any name when it runs. */
    public KubernetesClient client(String cluster) {
        if (sandbox != null) {
            return sandboxClient;
        }
        KubernetesClient client = clients.get(cluster);
        if (client == null) {
            throw new IllegalStateException("No cluster '" + cluster + "' is configured; add slipway.clusters."
                    + cluster + ".* or point the environment at one of " + clients.keySet());
        }
        return client;
    }

    public boolean isSandbox() {
        return sandbox != null;
    }

    /** The sandbox API server's URL (for kubectl), or null when real clusters are configured. */
    public String sandboxUrl() {
        return sandbox == null ? null : sandbox.url();
    }

    private static KubernetesClient connect(String name, ClusterProperties.Cluster cluster) throws IOException {
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
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void destroy() {
        clients.values().forEach(KubernetesClient::close);
        if (sandbox != null) {
            simulator.close();
            simulatorClient.close();
            sandboxClient.close();
            sandbox.close();
        }
    }
}
