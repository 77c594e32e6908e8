package dev.slipway.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.clusters.<name>.*}: the Kubernetes clusters environments deploy to, each through a
 * kubeconfig file (and context), an API URL with token and CA file, or the in-cluster service
 * account. With none configured, Slipway runs its sandbox cluster.
 */
@ConfigurationProperties("slipway")
record ClusterProperties(Map<String, Cluster> clusters, @DefaultValue Sandbox sandbox) {

    ClusterProperties {
        clusters = clusters == null ? Map.of() : clusters;
    }

    record Cluster(String kubeconfig, String context, String url, String token, String caFile, boolean inCluster) {
    }

    /**
     * How long the sandbox takes to roll a Deployment out, and the folder it keeps its objects in across restarts
     * ({@code slipway.sandbox.state-dir}, by default under {@code slipway.data-dir}; empty for memory only).
     */
    record Sandbox(@DefaultValue("4s") Duration rolloutTime, String stateDir) {

        Path stateFolder() {
            return stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir);
        }
    }
}
