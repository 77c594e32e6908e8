package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutSimulatorTests {

    private static final Duration ROLLOUT_TIME = Duration.ofSeconds(2);

    private SandboxApiServer server;
    private KubernetesClient client;
    private RolloutSimulator simulator;

    @BeforeEach
    void start() {
        server = SandboxApiServer.start();
        client = server.newClient();
        simulator = new RolloutSimulator(client, ROLLOUT_TIME);
        simulator.start();
    }

    @AfterEach
    void stop() {
        simulator.close();
        client.close();
        server.close();
    }

    @Test
    void deploymentBecomesReadyAndAvailable() {
        apply(deployment("shop", "registry.example/shop:1.0", 3));

        Deployment ready = waitFor("shop", d -> replicasReady(d, 3) && hasCondition(d, "Available", "True"));

        DeploymentStatus status = ready.getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getUpdatedReplicas()).isEqualTo(3);
        assertThat(status.getAvailableReplicas()).isEqualTo(3);
        assertThat(status.getUnavailableReplicas()).isZero();
        assertThat(condition(ready, "Progressing")).hasValueSatisfying(progressing -> {
            assertThat(progressing.getStatus()).isEqualTo("True");
            assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        });
    }

    @Test
    void readinessArrivesInStepsThroughTheStatusSubresource() {
        Set<Integer> updatedCounts = ConcurrentHashMap.newKeySet();
        apply(deployment("shop", "registry.example/shop:1.0", 4));

        Deployment ready = waitFor("shop", d -> {
            Optional.ofNullable(d.getStatus()).map(DeploymentStatus::getUpdatedReplicas).ifPresent(updatedCounts::add);
            return replicasReady(d, 4);
        });

        assertThat(updatedCounts).as("updatedReplicas seen on the way").hasSizeGreaterThan(2);
        assertThat(ready.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void crashLoopingImageNeverGetsReadyAndExceedsItsProgressDeadline() {
        Deployment crashing = new DeploymentBuilder(deployment("shop", "registry.example/shop:crashloop", 2))
                .editSpec().withProgressDeadlineSeconds(2).endSpec()
                .build();
        apply(crashing);

        Deployment failed = waitFor("shop", d -> hasCondition(d, "Progressing", "False"));

        assertThat(condition(failed, "Progressing")).map(DeploymentCondition::getReason)
                .hasValue("ProgressDeadlineExceeded");
        assertThat(failed.getStatus().getReadyReplicas()).isZero();
        assertThat(failed.getStatus().getUpdatedReplicas()).isPositive();
        assertThat(hasCondition(failed, "Available", "False")).isTrue();
    }

    @Test
    void newerGenerationSupersedesTheRolloutInFlight() {
        apply(deployment("shop", "registry.example/shop:1.0", 3));
        waitFor("shop", d -> d.getStatus() != null && Long.valueOf(1L).equals(d.getStatus().getObservedGeneration()));

        apply(deployment("shop", "registry.example/shop:1.1", 3));
        Deployment ready = waitFor("shop", d -> d.getStatus() != null
                && Long.valueOf(2L).equals(d.getStatus().getObservedGeneration()) && replicasReady(d, 3));

        assertThat(ready.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(condition(ready, "Progressing")).map(DeploymentCondition::getReason)
                .hasValue("NewReplicaSetAvailable");
    }

    @Test
    void rolloutIsRecordedAsAnEvent() {
        apply(deployment("shop", "registry.example/shop:1.0", 2));
        waitFor("shop", d -> replicasReady(d, 2));

        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(event -> {
                    assertThat(event.getReason()).isEqualTo("ScalingReplicaSet");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("shop");
                    assertThat(event.getMessage()).startsWith("Scaled up replica set shop-").endsWith(" to 2");
                });
    }

    private void apply(Deployment deployment) {
        client.resource(deployment).fieldManager("slipway").forceConflicts().serverSideApply();
    }

    private Deployment waitFor(String name, Predicate<Deployment> condition) {
        RollableScalableResource<Deployment> deployment = client.apps().deployments().inNamespace("default").withName(name);
        return deployment.waitUntilCondition(d -> d != null && condition.test(d), 10, TimeUnit.SECONDS);
    }

    private static boolean replicasReady(Deployment deployment, int replicas) {
        DeploymentStatus status = deployment.getStatus();
        return status != null && Integer.valueOf(replicas).equals(status.getReadyReplicas())
                && Integer.valueOf(replicas).equals(status.getReplicas());
    }

    private static boolean hasCondition(Deployment deployment, String type, String status) {
        return condition(deployment, type).map(c -> status.equals(c.getStatus())).orElse(false);
    }

    private static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
        List<DeploymentCondition> conditions = deployment.getStatus() == null ? null : deployment.getStatus().getConditions();
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
