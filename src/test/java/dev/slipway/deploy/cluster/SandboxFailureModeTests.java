package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.SandboxClusterFixture.await;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.condition;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.hasCondition;
import static dev.slipway.deploy.cluster.SandboxClusterFixture.replicasReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxFailureModeTests {

    /** The default, so the timings asked of the sandbox are checked as users meet them. */
    private static final Duration ROLLOUT_TIME = Duration.ofSeconds(4);

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
    void crashLoopingContainerRestartsThreeTimesWithinFiveSeconds() {
        cluster.apply("shop", "registry.example/shop:crashloop", 1);

        ContainerStatus container = awaitContainer("shop", c -> c.getRestartCount() >= 3, Duration.ofMillis(5500));

        assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(container.getLastState().getTerminated().getReason()).isEqualTo("Error");
        ContainerStatus backingOff = awaitContainer("shop", c -> c.getState().getWaiting() != null, Duration.ofSeconds(5));
        assertThat(backingOff.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(backingOff.getState().getWaiting().getMessage())
                .matches("back-off \\S+ restarting failed container=shop pod=shop-\\S+");
        assertThat(await(() -> cluster.events("BackOff"), events -> !events.isEmpty(), Duration.ofSeconds(2)))
                .allSatisfy(event -> {
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getMessage()).startsWith("Back-off restarting failed container shop in pod shop-");
                });
    }

    @Test
    void oomKilledContainerRestartsWithTheReasonOnItsLastState() {
        cluster.apply("shop", "registry.example/shop:oom", 1);

        ContainerStatus container = awaitContainer("shop", c -> c.getRestartCount() >= 2, Duration.ofSeconds(8));

        assertThat(container.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
        assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    }

    @Test
    void imageThatCannotBePulledBacksOffWhilePending() {
        cluster.apply("shop", "registry.example/shop:pull-error", 1);

        ContainerStatus failed = awaitContainer("shop", c -> c.getState().getWaiting() != null
                && "ErrImagePull".equals(c.getState().getWaiting().getReason()), Duration.ofSeconds(5));
        ContainerStatus backingOff = awaitContainer("shop", c -> c.getState().getWaiting() != null
                && "ImagePullBackOff".equals(c.getState().getWaiting().getReason()), Duration.ofSeconds(5));

        assertThat(failed.getState().getWaiting().getMessage()).isEqualTo("Failed to pull image "
                + "\"registry.example/shop:pull-error\": rpc error: code = NotFound desc = failed to pull and unpack "
                + "image \"registry.example/shop:pull-error\": not found");
        assertThat(backingOff.getState().getWaiting().getMessage())
                .isEqualTo("Back-off pulling image \"registry.example/shop:pull-error\"");
        assertThat(cluster.pods("shop").get(0).getStatus().getPhase()).isEqualTo("Pending");
        await(() -> cluster.events("Failed"), events -> events.stream().anyMatch(e -> e.getCount() > 1
                && e.getMessage().startsWith("Failed to pull image")), Duration.ofSeconds(8));
    }

    @Test
    void podThatFitsNoNodeStaysPendingAndUnscheduled() {
        cluster.apply("shop", "registry.example/shop:unschedulable", 1);

        var events = await(() -> cluster.events("FailedScheduling"),
                found -> found.stream().anyMatch(e -> e.getCount() > 1), Duration.ofSeconds(5));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getSource().getComponent()).isEqualTo("default-scheduler");
            assertThat(event.getMessage()).isEqualTo(SimulatedPod.UNSCHEDULABLE_MESSAGE);
        });
        Pod pod = cluster.pods("shop").get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getStatus().getConditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo("PodScheduled");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("Unschedulable");
        });
    }

    @Test
    void containerThatNeverPassesItsReadinessProbeRunsUnready() {
        cluster.apply("shop", "registry.example/shop:unready", 1);

        var events = await(() -> cluster.events("Unhealthy"),
                found -> found.stream().anyMatch(e -> e.getCount() > 2), Duration.ofSeconds(8));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getMessage()).isEqualTo("Readiness probe failed: HTTP probe failed with statuscode: 503");
        });
        Pod pod = cluster.pods("shop").get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
        assertThat(pod.getStatus().getContainerStatuses().get(0).getStarted()).isTrue();
    }

    @Test
    void failingVersionLeavesTheOldPodsServingUntilTheProgressDeadline() {
        cluster.apply("shop", "registry.example/shop:1.0", 2);
        cluster.waitFor("shop", d -> replicasReady(d, 2));

        cluster.applyWithDeadline("shop", "registry.example/shop:1.1-crashloop", 2, 3);
        Deployment failed = cluster.waitFor("shop", d -> hasCondition(d, "Progressing", "False"));

        assertThat(condition(failed, "Progressing")).map(DeploymentCondition::getReason)
                .hasValue("ProgressDeadlineExceeded");
        assertThat(failed.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(failed.getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(hasCondition(failed, "Available", "True")).isTrue();
    }

    @Test
    void unresponsiveImageLeavesTheDeploymentUntouched() {
        cluster.apply("shop", "registry.example/shop:unresponsive", 1);

        SandboxClusterFixture.sleep(ROLLOUT_TIME.toMillis() / 2);

        assertThat(cluster.client.apps().deployments().inNamespace("default").withName("shop").get().getStatus())
                .satisfiesAnyOf(status -> assertThat(status).isNull(),
                        status -> assertThat(status.getObservedGeneration()).isNull());
        assertThat(cluster.pods("shop")).isEmpty();
    }

    @Test
    void logsTailTheLinesOfTheContainer() {
        cluster.apply("shop", "registry.example/shop:1.0", 1);
        cluster.waitFor("shop", d -> replicasReady(d, 1));
        String pod = cluster.pods("shop").get(0).getMetadata().getName();

        String log = cluster.client.pods().inNamespace("default").withName(pod).tailingLines(2).getLog();

        assertThat(log.lines().toList()).hasSize(2);
        assertThat(log).contains("Listening on port 8080").contains("Ready to serve requests");
    }

    @Test
    void crashLoopingContainerLogsWhyItExited() {
        cluster.apply("shop", "registry.example/shop:crashloop", 1);
        awaitContainer("shop", c -> c.getRestartCount() >= 1, Duration.ofSeconds(5));
        String pod = cluster.pods("shop").get(0).getMetadata().getName();

        String previous = cluster.client.pods().inNamespace("default").withName(pod).terminated().getLog();

        assertThat(previous).contains("FATAL: could not connect to database at postgres:5432: connection refused");
    }

    private ContainerStatus awaitContainer(String deployment, Predicate<ContainerStatus> until, Duration atMost) {
        List<Pod> pods = await(() -> cluster.pods(deployment), found -> found.stream().anyMatch(pod -> {
            var statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
            return statuses != null && !statuses.isEmpty() && until.test(statuses.get(0));
        }), atMost);
        return pods.stream().map(pod -> pod.getStatus().getContainerStatuses())
                .filter(statuses -> statuses != null && !statuses.isEmpty())
                .map(statuses -> statuses.get(0)).filter(until).findFirst().orElseThrow();
    }
}
