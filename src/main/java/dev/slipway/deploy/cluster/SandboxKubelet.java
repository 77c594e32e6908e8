package dev.slipway.deploy.cluster;

import dev.slipway.deploy.cluster.ClusterEvents.Source;
import dev.slipway.deploy.cluster.ClusterEvents.Subject;
import dev.slipway.deploy.cluster.SimulatedPod.Stage;
import dev.slipway.deploy.cluster.SimulatedPod.Termination;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lombok.RequiredArgsConstructor;

/**
 * Plays the scheduler and the kubelet of the sandbox's one node: moves each pod from Pending through
 * ContainerCreating to Running and Ready, or into the failure its image asks for, with the events those
 * components emit. Every step runs on the simulator's scheduling thread and only queues writes.
 */
@RequiredArgsConstructor
final class SandboxKubelet {

    private static final String IMAGE_SIZE = "52428800";

    private final KubernetesClient client;
    private final ScheduledExecutorService thread;
    private final WriteLanes writes;
    private final ClusterEvents events;
    private final SandboxTimings timings;
    private final Clock clock;
    private final Consumer<SimulatedPod> onReady;

    /** Takes a newly created pod on. */
    void admit(SimulatedPod pod) {
        later(pod, fraction(pod, 0.1), () -> schedule(pod));
    }

    /** Carries on with a pod found in the store after a restart, from the stage it had reached. */
    void resume(SimulatedPod pod) {
        Duration soon = fraction(pod, 0.1);
        switch (pod.stage) {
            case PENDING, UNSCHEDULABLE -> later(pod, soon, () -> schedule(pod));
            case CREATING -> later(pod, soon, () -> pullOrStart(pod));
            case PULL_FAILED -> later(pod, soon, () -> failPull(pod));
            case BACK_OFF -> later(pod, soon, () -> start(pod));
            case RUNNING -> later(pod, soon, () -> afterStart(pod));
            case READY -> {
            }
        }
    }

    /** Stops and removes a pod, as kubelet does when its ReplicaSet scales down. */
    void kill(SimulatedPod pod) {
        pod.deleted = true;
        pod.cancelNextStep();
        boolean running = pod.stage == Stage.RUNNING || pod.stage == Stage.READY;
        writes.submit(pod.replicaSet.lane(), () -> {
            if (running) {
                pod.containerNames().forEach(container -> events.normal(subject(pod), Source.KUBELET, "Killing",
                        "Stopping container " + container));
            }
            client.pods().inNamespace(pod.namespace).withName(pod.name).delete();
            events.forget(subject(pod));
        });
    }

    private void schedule(SimulatedPod pod) {
        Instant now = clock.instant();
        if (pod.mode == FailureMode.UNSCHEDULABLE) {
            boolean first = pod.stage != Stage.UNSCHEDULABLE;
            pod.stage = Stage.UNSCHEDULABLE;
            if (first) {
                writeStatus(pod);
            }
            writes.submit(pod.replicaSet.lane(), () -> events.warning(subject(pod), Source.SCHEDULER,
                    "FailedScheduling", SimulatedPod.UNSCHEDULABLE_MESSAGE));
            later(pod, timings.backOff(pod.failures++), () -> schedule(pod));
            return;
        }
        pod.stage = Stage.CREATING;
        pod.scheduledAt = now;
        var status = pod.statusOnly();
        writes.submit(pod.replicaSet.lane(), () -> {
            client.pods().inNamespace(pod.namespace).withName(pod.name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"nodeName\":\"" + SimulatedPod.NODE_NAME + "\"}}");
            client.pods().inNamespace(pod.namespace).resource(status).patchStatus();
            events.normal(subject(pod), Source.SCHEDULER, "Scheduled",
                    "Successfully assigned " + pod.namespace + "/" + pod.name + " to " + SimulatedPod.NODE_NAME);
            pod.images().forEach(image -> events.normal(subject(pod), Source.KUBELET, "Pulling",
                    "Pulling image \"" + image + "\""));
        });
        later(pod, fraction(pod, pullTime(pod)), () -> pullOrStart(pod));
    }

    /**
     * A pod without a readiness probe is ready as soon as its containers run, and kubelet reports both in one status
     * update, so such a pod spends the whole of its time getting ready creating its containers.
     */
    private static double pullTime(SimulatedPod pod) {
        if (pod.mode == FailureMode.PULL_ERROR) {
            return 0.2;
        }
        return pod.readyOnStart() ? 0.9 : 0.4;
    }

    private void pullOrStart(SimulatedPod pod) {
        if (pod.mode == FailureMode.PULL_ERROR) {
            failPull(pod);
        } else {
            start(pod);
        }
    }

    private void failPull(SimulatedPod pod) {
        String image = pod.images().get(0);
        pod.stage = Stage.PULL_FAILED;
        pod.waitingReason = "ErrImagePull";
        pod.waitingMessage = "Failed to pull image \"" + image + "\": rpc error: code = NotFound desc = failed to pull "
                + "and unpack image \"" + image + "\": not found";
        String failure = pod.waitingMessage;
        writeStatus(pod);
        boolean again = pod.failures > 0;
        writes.submit(pod.replicaSet.lane(), () -> {
            if (again) {
                events.normal(subject(pod), Source.KUBELET, "Pulling", "Pulling image \"" + image + "\"");
            }
            events.warning(subject(pod), Source.KUBELET, "Failed", failure);
            events.warning(subject(pod), Source.KUBELET, "Failed", "Error: ErrImagePull");
        });
        later(pod, timings.run(), () -> backOffPull(pod, image));
    }

    private void backOffPull(SimulatedPod pod, String image) {
        pod.waitingReason = "ImagePullBackOff";
        pod.waitingMessage = "Back-off pulling image \"" + image + "\"";
        writeStatus(pod);
        writes.submit(pod.replicaSet.lane(), () -> {
            events.normal(subject(pod), Source.KUBELET, "BackOff", "Back-off pulling image \"" + image + "\"");
            events.warning(subject(pod), Source.KUBELET, "Failed", "Error: ImagePullBackOff");
        });
        later(pod, timings.backOff(pod.failures++), () -> failPull(pod));
    }

    private void start(SimulatedPod pod) {
        boolean restart = pod.startedAt != null;
        if (restart) {
            pod.restartCount++;
        }
        pod.stage = Stage.RUNNING;
        pod.startedAt = clock.instant();
        pod.waitingReason = null;
        pod.waitingMessage = null;
        boolean readyNow = pod.readyOnStart();
        if (readyNow) {
            pod.stage = Stage.READY;
            pod.readyAt = pod.startedAt;
        }
        writeStatus(pod);
        writes.submit(pod.replicaSet.lane(), () -> {
            for (var container : pod.spec.getContainers()) {
                events.normal(subject(pod), Source.KUBELET, "Pulled", restart
                        ? "Container image \"" + container.getImage() + "\" already present on machine"
                        : "Successfully pulled image \"" + container.getImage() + "\" in 1.2s (1.2s including waiting). "
                                + "Image size: " + IMAGE_SIZE + " bytes.");
                events.normal(subject(pod), Source.KUBELET, "Created", "Created container: " + container.getName());
                events.normal(subject(pod), Source.KUBELET, "Started", "Started container " + container.getName());
            }
        });
        if (readyNow) {
            onReady.accept(pod);
        } else {
            afterStart(pod);
        }
    }

    private void afterStart(SimulatedPod pod) {
        switch (pod.mode) {
            case CRASHLOOP, OOM -> later(pod, timings.run(), () -> exit(pod));
            case UNREADY -> later(pod, timings.probePeriod(), () -> failProbe(pod));
            default -> later(pod, fraction(pod, 0.5), () -> ready(pod));
        }
    }

    private void ready(SimulatedPod pod) {
        pod.stage = Stage.READY;
        pod.readyAt = clock.instant();
        writeStatus(pod);
        onReady.accept(pod);
    }

    private void failProbe(SimulatedPod pod) {
        writes.submit(pod.replicaSet.lane(), () -> events.warning(subject(pod), Source.KUBELET, "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503"));
        later(pod, timings.probePeriod(), () -> failProbe(pod));
    }

    /** The container exits; kubelet restarts it at once the first time, and after a doubling back-off from then on. */
    private void exit(SimulatedPod pod) {
        Instant now = clock.instant();
        boolean oom = pod.mode == FailureMode.OOM;
        pod.lastTermination = new Termination(oom ? 137 : 1, oom ? "OOMKilled" : "Error", pod.startedAt, now);
        int failures = pod.failures++;
        if (failures == 0) {
            start(pod);
            return;
        }
        Duration backOff = timings.backOff(failures - 1);
        String container = pod.firstContainer();
        pod.stage = Stage.BACK_OFF;
        pod.waitingReason = "CrashLoopBackOff";
        pod.waitingMessage = "back-off " + SandboxTimings.goDuration(backOff) + " restarting failed container="
                + container + " pod=" + pod.name;
        writeStatus(pod);
        writes.submit(pod.replicaSet.lane(), () -> events.warning(subject(pod), Source.KUBELET, "BackOff",
                "Back-off restarting failed container " + container + " in pod " + pod.name));
        later(pod, backOff, () -> start(pod));
    }

    private void writeStatus(SimulatedPod pod) {
        var status = pod.statusOnly();
        writes.submit(pod.replicaSet.lane(), () -> client.pods().inNamespace(pod.namespace).resource(status).patchStatus());
    }

    private void later(SimulatedPod pod, Duration delay, Runnable step) {
        pod.nextStep = thread.schedule(() -> {
            if (!pod.deleted) {
                step.run();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Duration fraction(SimulatedPod pod, double share) {
        return Duration.ofNanos((long) (pod.replicaSet.podReadyTime.toNanos() * share));
    }

    static Subject subject(SimulatedPod pod) {
        return new Subject("v1", "Pod", pod.namespace, pod.name, pod.uid);
    }
}
