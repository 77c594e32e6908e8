package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxClusterFixture.await;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.condition;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.replicasReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutSimulatorTests {

    private static final Duration ROLLOUT_TIME = Duration.ofSeconds(2);

    private SandboxClusterFixture cluster;

    @BeforeEach
    void start() {
        cluster = new SandboxClusterFixture(ROLLOUT_TIME);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deploymentBecomesReadyAndAvailable() {
        long applied = System.nanoTime();
        cluster.apply("shop", "registry.example/shop:1.0", 3);

        Deployment ready = cluster.waitFor("shop", d -> replicasReady(d, 3)
                && condition(d, "Progressing").map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false));

        Duration took = Duration.ofNanos(System.nanoTime() - applied);
        assertThat(took).isBetween(ROLLOUT_TIME.dividedBy(2), ROLLOUT_TIME.multipliedBy(3));
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(ready.getStatus().getUnavailableReplicas()).isZero();
        assertThat(condition(ready, "Available")).map(DeploymentCondition::getStatus).hasValue("True");
    }

    @Test
    void aNewTemplateGetsAReplicaSetOwnedByTheDeployment() {
        Deployment applied = cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        ReplicaSet replicaSet = cluster.replicaSets("shop").get(0);

        assertThat(replicaSet.getMetadata().getName()).matches("shop-[a-z0-9]+");
        assertThat(replicaSet.getMetadata().getLabels()).containsEntry("app", "shop").containsKey("pod-template-hash");
        assertThat(replicaSet.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(replicaSet.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Deployment");
            assertThat(owner.getUid()).isEqualTo(applied.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(replicaSet.getSpec().getReplicas()).isEqualTo(2);
        assertThat(replicaSet.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(replicaSet.getStatus().getAvailableReplicas()).isEqualTo(2);
    }

    @Test
    void podsAreScheduledStartedAndReady() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));
        ReplicaSet replicaSet = cluster.replicaSets("shop").get(0);

        List<Pod> pods = cluster.pods("shop");

        assertThat(pods).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).matches(replicaSet.getMetadata().getName() + "-[a-z0-9]{5}");
            assertThat(pod.getMetadata().getLabels()).containsEntry("pod-template-hash",
                    replicaSet.getMetadata().getLabels().get("pod-template-hash"));
            assertThat(pod.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(replicaSet.getMetadata().getUid());
            assertThat(pod.getSpec().getNodeName()).isEqualTo("sandbox-node");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getConditions().stream()
                    .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus)))
                    .isEqualTo(Map.of("PodScheduled", "True", "Initialized", "True", "ContainersReady", "True",
                            "Ready", "True"));
            var container = pod.getStatus().getContainerStatuses().get(0);
            assertThat(container.getReady()).isTrue();
            assertThat(container.getStarted()).isTrue();
            assertThat(container.getImage()).isEqualTo("registry.example/shop:1.0");
            assertThat(container.getImageID()).startsWith("registry.example/shop@sha256:");
            assertThat(container.getState().getRunning().getStartedAt()).isNotBlank();
        });
    }

    @Test
    void podsPassThroughContainerCreating() {
        Set<String> waitingReasons = ConcurrentHashMap.newKeySet();
        cluster.apply("shop", "registry.example/shop:1.0", 1);

        await(() -> {
            cluster.pods("shop").forEach(pod -> {
                var statuses = pod.getStatus().getContainerStatuses();
                if (statuses != null && !statuses.isEmpty() && statuses.get(0).getState().getWaiting() != null) {
                    waitingReasons.add(statuses.get(0).getState().getWaiting().getReason());
                }
            });
            return cluster.client.apps().deployments().inNamespace("default").withName("shop").get();
        }, d -> replicasReady(d, 1), Duration.ofSeconds(10));

        assertThat(waitingReasons).contains("ContainerCreating");
    }

    @Test
    void aNewVersionReplacesTheOldReplicaSetWhichScalesToZero() {
        cluster.apply("shop", "registry.example/shop:1.0", 3);
        cluster.waitFor("shop", d -> replicasReady(d, 3));

        cluster.apply("shop", "registry.example/shop:1.1", 3);
        Deployment ready = cluster.waitFor("shop", d -> d.getStatus() != null
                && Long.valueOf(2L).equals(d.getStatus().getObservedGeneration()) && replicasReady(d, 3));

        assertThat(ready.getMetadata().getGeneration()).isEqualTo(2L);
        List<ReplicaSet> replicaSets = await(() -> cluster.replicaSets("shop"),
                all -> all.stream().allMatch(rs -> rs.getStatus() != null
                        && rs.getStatus().getReplicas().equals(rs.getSpec().getReplicas())), Duration.ofSeconds(5));
        assertThat(replicaSets).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")
                + "=" + rs.getSpec().getReplicas()).containsExactlyInAnyOrder("1=0", "2=3");
        assertThat(await(() -> cluster.pods("shop"), pods -> pods.size() == 3, Duration.ofSeconds(5)))
                .allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage())
                        .isEqualTo("registry.example/shop:1.1"));
    }

    @Test
    void aRollingUpdateNeverDropsBelowTheAvailableMinimum() {
        cluster.apply("shop", "registry.example/shop:1.0", 4);
        cluster.waitFor("shop", d -> replicasReady(d, 4));
        Set<Integer> available = ConcurrentHashMap.newKeySet();

        cluster.apply("shop", "registry.example/shop:1.1", 4);
        cluster.waitFor("shop", d -> {
            if (d.getStatus().getAvailableReplicas() != null) {
                available.add(d.getStatus().getAvailableReplicas());
            }
            return Long.valueOf(2L).equals(d.getStatus().getObservedGeneration()) && replicasReady(d, 4);
        });

        // maxUnavailable 25% of 4 lets one go
        assertThat(available).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(3));
    }

    @Test
    void changingOnlyTheReplicaCountScalesTheCurrentReplicaSet() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        cluster.apply("shop", "registry.example/shop:1.0", 4);
        cluster.waitFor("shop", d -> Long.valueOf(2L).equals(d.getStatus().getObservedGeneration())
                && replicasReady(d, 4));

        assertThat(cluster.replicaSets("shop")).singleElement()
                .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(4));
    }

    @Test
    void rolloutIsRecordedAsEventsOfTheControllers() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        await(() -> cluster.events("Started"), events -> events.size() == 2, Duration.ofSeconds(5));
        assertThat(cluster.events("ScalingReplicaSet")).singleElement().satisfies(event -> {
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("shop");
            assertThat(event.getInvolvedObject().getUid()).isNotBlank();
            assertThat(event.getSource().getComponent()).isEqualTo("deployment-controller");
            assertThat(event.getMessage()).matches("Scaled up replica set shop-[a-z0-9]+ to 2 from 0");
        });
        assertThat(cluster.events("SuccessfulCreate")).hasSize(2)
                .allSatisfy(event -> assertThat(event.getInvolvedObject().getKind()).isEqualTo("ReplicaSet"));
        assertThat(cluster.events("Scheduled")).hasSize(2).allSatisfy(event -> {
            assertThat(event.getSource().getComponent()).isEqualTo("default-scheduler");
            assertThat(event.getMessage()).startsWith("Successfully assigned default/shop-").endsWith(" to sandbox-node");
        });
        for (String reason : List.of("Pulling", "Pulled", "Created", "Started")) {
            assertThat(cluster.events(reason)).as(reason).hasSize(2).allSatisfy(event -> {
                assertThat(event.getType()).isEqualTo("Normal");
                assertThat(event.getSource().getComponent()).isEqualTo("kubelet");
                assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
                assertThat(event.getCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void oldPodsAreKilledAndDeleted() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        cluster.apply("shop", "registry.example/shop:1.1", 2);
        cluster.waitFor("shop", d -> Long.valueOf(2L).equals(d.getStatus().getObservedGeneration())
                && replicasReady(d, 2));

        await(() -> cluster.events("SuccessfulDelete"), events -> events.size() == 2, Duration.ofSeconds(5));
        assertThat(cluster.events("Killing")).hasSize(2)
                .allSatisfy(event -> assertThat(event.getMessage()).isEqualTo("Stopping container shop"));
    }

    @Test
    void deletingTheDeploymentRemovesItsReplicaSetsAndPods() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        cluster.client.apps().deployments().inNamespace("default").withName("shop").delete();

        await(() -> cluster.pods("shop").size() + cluster.replicaSets("shop").size(), n -> n == 0,
                Duration.ofSeconds(5));
    }
}
