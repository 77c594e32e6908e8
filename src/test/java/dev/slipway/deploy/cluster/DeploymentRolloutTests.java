package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxApiServerTests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentRolloutTests {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void newVersionReplacesARunningOneWithoutDroppingBelowTheDesiredCount() {
        Deployment running = withStatus(deployment("shop", "registry.example/shop:1.1", 3), 3);
        DeploymentRollout rollout = DeploymentRollout.of(running, "shop-previous");

        List<DeploymentStatus> steps = statuses(rollout);

        assertThat(steps).allSatisfy(status -> assertThat(status.getAvailableReplicas()).isGreaterThanOrEqualTo(3));
        assertThat(steps.get(0).getUpdatedReplicas()).isLessThan(3);
        DeploymentStatus last = steps.get(DeploymentRollout.STEPS);
        assertThat(last.getReplicas()).isEqualTo(3);
        assertThat(last.getUpdatedReplicas()).isEqualTo(3);
    }

    @Test
    void scalingKeepsTheRunningPodsOfTheSameTemplate() {
        Deployment template = deployment("shop", "registry.example/shop:1.0", 3);
        String replicaSet = DeploymentRollout.of(template, null).replicaSetName();
        Deployment scaled = withStatus(new DeploymentBuilder(template).editSpec().withReplicas(5).endSpec().build(), 3);

        List<DeploymentStatus> steps = statuses(DeploymentRollout.of(scaled, replicaSet));

        assertThat(steps).allSatisfy(status -> {
            assertThat(status.getUpdatedReplicas()).isGreaterThanOrEqualTo(3);
            assertThat(status.getReadyReplicas()).isGreaterThanOrEqualTo(3);
        });
        assertThat(steps.get(DeploymentRollout.STEPS).getReadyReplicas()).isEqualTo(5);
    }

    @Test
    void crashLoopingVersionLeavesTheOldPodsServing() {
        Deployment running = withStatus(deployment("shop", "registry.example/shop:crashloop", 2), 2);

        List<DeploymentStatus> steps = statuses(DeploymentRollout.of(running, "shop-previous"));

        DeploymentStatus last = steps.get(DeploymentRollout.STEPS);
        assertThat(last.getUpdatedReplicas()).isEqualTo(2);
        assertThat(last.getAvailableReplicas()).isEqualTo(2);
        assertThat(last.getReplicas()).isEqualTo(4);
        assertThat(last.getConditions()).filteredOn(c -> c.getType().equals("Progressing"))
                .singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("ReplicaSetUpdated"));
    }

    private static List<DeploymentStatus> statuses(DeploymentRollout rollout) {
        List<DeploymentStatus> statuses = new ArrayList<>();
        for (int step = 0; step <= DeploymentRollout.STEPS; step++) {
            statuses.add(rollout.statusAt(step, false, NOW, List.of()));
        }
        return statuses;
    }

    private static Deployment withStatus(Deployment deployment, int available) {
        return new DeploymentBuilder(deployment)
                .editMetadata().withGeneration(2L).endMetadata()
                .withStatus(new DeploymentStatusBuilder()
                        .withObservedGeneration(1L)
                        .withReplicas(available)
                        .withReadyReplicas(available)
                        .withAvailableReplicas(available)
                        .build())
                .build();
    }
}
