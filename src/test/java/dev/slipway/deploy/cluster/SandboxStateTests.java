package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.replicasReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxStateTests {

    @TempDir
    Path stateDir;

    @Test
    void aRestartOnTheSameFolderFindsTheObjectsAndResourceVersionsGoOn() {
        Deployment before;
        String lastVersion;
        try (SandboxApiServer server = SandboxApiServer.start(0, stateDir); KubernetesClient client = server.newClient()) {
            client.resource(deployment("shop", "registry.example/shop:1.0", 2)).serverSideApply();
            before = client.resource(deployment("shop", "registry.example/shop:1.1", 2)).serverSideApply();
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("gone").endMetadata().build())
                    .create();
            client.configMaps().withName("gone").delete();
            lastVersion = before.getMetadata().getResourceVersion();
        }

        try (SandboxApiServer server = SandboxApiServer.start(0, stateDir); KubernetesClient client = server.newClient()) {
            Deployment after = client.apps().deployments().withName("shop").get();
            Deployment next = client.resource(deployment("shop", "registry.example/shop:1.2", 2)).serverSideApply();

            assertThat(after.getMetadata().getResourceVersion()).isEqualTo(lastVersion);
            assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
            assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(client.configMaps().withName("gone").get()).isNull();
            assertThat(next.getMetadata().getGeneration()).isEqualTo(3L);
            assertThat(Long.parseLong(next.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(lastVersion));
        }
    }

    @Test
    void aRolloutLeftInFlightByARestartCarriesOn() {
        try (var cluster = new SandboxClusterFixture(Duration.ofSeconds(3), stateDir)) {
            cluster.apply("shop", "registry.example/shop:1.0", 2);
            SandboxClusterFixture.await(() -> cluster.pods("shop"), pods -> pods.size() == 2, Duration.ofSeconds(5));
        }

        try (var cluster = new SandboxClusterFixture(Duration.ofSeconds(3), stateDir)) {
            Deployment ready = cluster.waitFor("shop", d -> replicasReady(d, 2));

            assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(cluster.pods("shop")).hasSize(2);
            assertThat(cluster.replicaSets("shop")).hasSize(1);
        }
    }

    @Test
    void writesKeptInTheFolderAreAboutAsFastAsWritesKeptInMemory() {
        long inMemory = timeWrites(null);
        long kept = timeWrites(stateDir);

        System.out.printf("Sandbox cluster: 1000 creates in memory %d ms, kept in a folder %d ms%n", inMemory, kept);
        assertThat(kept).isLessThan(inMemory * 2 + 500);
    }

    private static long timeWrites(Path folder) {
        try (SandboxApiServer server = SandboxApiServer.start(0, folder); KubernetesClient client = server.newClient()) {
            for (int i = 0; i < 100; i++) {
                client.configMaps().resource(configMap("warm-" + i)).create();
            }
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                client.configMaps().resource(configMap("timed-" + i)).create();
            }
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("key", "value").build();
    }
}
