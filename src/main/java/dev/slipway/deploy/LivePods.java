package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads a deployment's pods from its cluster for the deployment page, with the log tail of those that restarted. */
@Component
@RequiredArgsConstructor
class LivePods {

    private static final int LOG_LINES = 12;

    private final Clusters clusters;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;

    List<PodView> of(DeploymentView deployment) {
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        String namespace = environment.namespaceFor(service.team(), service.slug());
        KubernetesClient client = clusters.client(environment.cluster());
        try {
            return client.pods().inNamespace(namespace).withLabel(RolloutWatcher.NAME, service.slug())
                    .withLabel(RolloutWatcher.MANAGED_BY, "slipway").list().getItems().stream()
                    .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
                            Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                    .map(pod -> view(client, pod))
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private static PodView view(KubernetesClient client, Pod pod) {
        List<ContainerStatus> containers = RolloutDiagnosis.containers(pod);
        ContainerStatus first = containers.isEmpty() ? null : containers.get(containers.size() - 1);
        int restarts = containers.stream().mapToInt(c -> Objects.requireNonNullElse(c.getRestartCount(), 0)).sum();
        long ready = containers.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        String phase = pod.getStatus() == null ? "Pending" : Objects.requireNonNullElse(pod.getStatus().getPhase(), "Pending");
        String state = first == null ? unscheduled(pod) : RolloutDiagnosis.stateOf(first);
        String lastState = null;
        if (first != null && first.getLastState() != null && first.getLastState().getTerminated() != null) {
            var ended = first.getLastState().getTerminated();
            lastState = "exited " + ended.getExitCode() + " (" + ended.getReason() + ")";
        }
        String logTail = first != null && restarts > 0 ? logTail(client, pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), first.getName(), LOG_LINES) : null;
        var labels = pod.getMetadata().getLabels();
        return new PodView(pod.getMetadata().getName(), labels == null ? null : labels.get("app.kubernetes.io/version"),
                phase, state, ready + "/" + Math.max(1, containers.size()), restarts, lastState,
                logTail == null || logTail.isBlank() ? null : logTail.stripTrailing());
    }

    /**
     * The last lines a container wrote before it last ended (or, if it has not ended yet, so far); null when the
     * cluster has none to give.
     */
    static @Nullable String logTail(KubernetesClient client, String namespace, @Nullable String pod, @Nullable String container, int lines) {
        try {
            var logs = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
            String text = logs.terminated().tailingLines(lines).getLog();
            if (text == null || text.isBlank()) {
                text = logs.tailingLines(lines).getLog();
            }
            if (text == null || text.isBlank()) {
                return null;
            }
            return (text.length() > 1800 ? text.substring(text.length() - 1800) : text).stripTrailing();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    private static String unscheduled(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? "Pending"
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                        .map(c -> Objects.requireNonNullElse(c.getReason(), "Pending")).findFirst().orElse("Pending");
    }
}
