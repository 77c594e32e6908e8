package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxScaleTests {

    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /**
     * A burst as Slipway's deployment engine makes one: Deployments of 2 replicas applied at once with server-side
     * apply, followed by informers on Deployments, ReplicaSets, Slipway's pods and Events in all namespaces, so
     * that the sandbox serves their watches while it rolls out. The bound is generous for loaded CI machines;
     * the time it took is printed (on two busy shared cores: 100 in 10 to 12 s, 500 in 31 to 38 s).
     */
    @ParameterizedTest
    @ValueSource(ints = {100, 500})
    void deploymentsAppliedAtOnceAllGetReady(int deployments) {
        try (var cluster = new SandboxClusterFixture(Duration.ofSeconds(3));
                KubernetesClient engine = cluster.server.newClient()) {
            Set<String> ready = ConcurrentHashMap.newKeySet();
            List<SharedIndexInformer<?>> informers = List.of(
                    engine.apps().deployments().inAnyNamespace().inform(readyCounter(ready), 0),
                    engine.apps().replicaSets().inAnyNamespace().inform(),
                    engine.pods().inAnyNamespace().withLabel(MANAGED_BY, "slipway").inform(),
                    engine.v1().events().inAnyNamespace().inform());

            long start = System.nanoTime();
            for (int i = 0; i < deployments; i++) {
                cluster.apply(managed(deployment("svc-" + i, "registry.example/svc:1.0", 2)));
            }
            long applied = System.nanoTime();
            SandboxClusterFixture.await(ready::size, count -> count == deployments, Duration.ofSeconds(60));
            long done = System.nanoTime();

            System.out.printf("Sandbox cluster: %d Deployments applied in %d ms, all ready %d ms after the first%n",
                    deployments, Duration.ofNanos(applied - start).toMillis(), Duration.ofNanos(done - start).toMillis());
            assertThat(cluster.client.pods().inNamespace("default").list().getItems()).hasSize(deployments * 2);
            informers.forEach(SharedIndexInformer::close);
        }
    }

    private static Deployment managed(Deployment deployment) {
        return new DeploymentBuilder(deployment)
                .editMetadata().addToLabels(MANAGED_BY, "slipway").endMetadata()
                .editSpec().editTemplate().editMetadata().addToLabels(MANAGED_BY, "slipway").endMetadata().endTemplate()
                .endSpec()
                .build();
    }

    private static ResourceEventHandler<Deployment> readyCounter(Set<String> ready) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                onUpdate(null, deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                if (SandboxClusterFixture.replicasReady(deployment, 2)) {
                    ready.add(deployment.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                ready.remove(deployment.getMetadata().getName());
            }
        };
    }
}
