package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A sandbox API server with its simulator, for tests that follow rollouts over real HTTP. */
final class SandboxClusterFixture implements AutoCloseable {

    final SandboxApiServer server;
    final KubernetesClient client;
    final RolloutSimulator simulator;

    SandboxClusterFixture(Duration rolloutTime) {
        this(rolloutTime, null);
    }

    SandboxClusterFixture(Duration rolloutTime, Path stateDir) {
        server = SandboxApiServer.start(0, stateDir);
        client = server.newClient();
        simulator = new RolloutSimulator(client, rolloutTime);
        simulator.start();
    }

    Deployment apply(String name, String image, int replicas) {
        return apply(deployment(name, image, replicas));
    }

    Deployment applyWithDeadline(String name, String image, int replicas, int progressDeadlineSeconds) {
        return apply(new DeploymentBuilder(deployment(name, image, replicas))
                .editSpec().withProgressDeadlineSeconds(progressDeadlineSeconds).endSpec().build());
    }

    Deployment apply(Deployment deployment) {
        return client.resource(deployment).fieldManager("slipway").forceConflicts().serverSideApply();
    }

    Deployment waitFor(String name, Predicate<Deployment> condition) {
        return client.apps().deployments().inNamespace("default").withName(name)
                .waitUntilCondition(d -> d != null && condition.test(d), 20, TimeUnit.SECONDS);
    }

    List<Pod> pods(String deploymentName) {
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(pod -> pod.getMetadata().getName().startsWith(deploymentName + "-")).toList();
    }

    List<ReplicaSet> replicaSets(String deploymentName) {
        return client.apps().replicaSets().inNamespace("default").list().getItems().stream()
                .filter(rs -> rs.getMetadata().getName().startsWith(deploymentName + "-")).toList();
    }

    List<Event> events(String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> reason.equals(event.getReason())).toList();
    }

    static <T> T await(Supplier<T> value, Predicate<T> until, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        T last = value.get();
        while (!until.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + atMost + "; last seen: " + last);
            }
            sleep(50);
            last = value.get();
        }
        return last;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean replicasReady(Deployment deployment, int replicas) {
        var status = deployment.getStatus();
        return status != null && Integer.valueOf(replicas).equals(status.getReadyReplicas())
                && Integer.valueOf(replicas).equals(status.getReplicas())
                && Integer.valueOf(replicas).equals(status.getUpdatedReplicas());
    }

    static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
        List<DeploymentCondition> conditions = deployment.getStatus() == null ? null
                : deployment.getStatus().getConditions();
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean hasCondition(Deployment deployment, String type, String status) {
        return condition(deployment, type).map(c -> status.equals(c.getStatus())).orElse(false);
    }

    @Override
    public void close() {
        simulator.close();
        client.close();
        server.close();
    }
}
