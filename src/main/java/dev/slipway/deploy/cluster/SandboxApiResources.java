package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.ApiResourceType.Subresource.SCALE;
import static dev.slipway.deploy.cluster.ApiResourceType.Subresource.STATUS;

import dev.slipway.deploy.cluster.ApiResourceType.Subresource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The built-in kinds the sandbox cluster announces. fabric8's CRUD store keeps any kind; this list is what
 * discovery tells clients such as kubectl, and which kinds have status and scale subresources.
 */
final class SandboxApiResources {

    private static final List<String> ALL_CATEGORY = List.of("all");

    static final List<ApiResourceType> ALL = List.of(
            cluster("", "v1", "namespaces", "Namespace", Set.of(STATUS), List.of("ns")),
            namespaced("", "v1", "pods", "Pod", Set.of(STATUS), List.of("po"), ALL_CATEGORY),
            namespaced("", "v1", "services", "Service", Set.of(STATUS), List.of("svc"), ALL_CATEGORY),
            namespaced("", "v1", "configmaps", "ConfigMap", Set.of(), List.of("cm"), List.of()),
            namespaced("", "v1", "secrets", "Secret", Set.of(), List.of(), List.of()),
            namespaced("", "v1", "serviceaccounts", "ServiceAccount", Set.of(), List.of("sa"), List.of()),
            namespaced("", "v1", "endpoints", "Endpoints", Set.of(), List.of("ep"), List.of()),
            namespaced("", "v1", "events", "Event", Set.of(), List.of("ev"), List.of()),
            namespaced("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", Set.of(STATUS), List.of("pvc"),
                    List.of()),
            namespaced("apps", "v1", "deployments", "Deployment", Set.of(STATUS, SCALE), List.of("deploy"),
                    ALL_CATEGORY),
            namespaced("apps", "v1", "replicasets", "ReplicaSet", Set.of(STATUS, SCALE), List.of("rs"), ALL_CATEGORY),
            namespaced("apps", "v1", "statefulsets", "StatefulSet", Set.of(STATUS, SCALE), List.of("sts"),
                    ALL_CATEGORY),
            namespaced("apps", "v1", "daemonsets", "DaemonSet", Set.of(STATUS), List.of("ds"), ALL_CATEGORY),
            namespaced("batch", "v1", "jobs", "Job", Set.of(STATUS), List.of(), ALL_CATEGORY),
            namespaced("batch", "v1", "cronjobs", "CronJob", Set.of(STATUS), List.of("cj"), ALL_CATEGORY),
            namespaced("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", Set.of(STATUS),
                    List.of("hpa"), ALL_CATEGORY),
            namespaced("networking.k8s.io", "v1", "ingresses", "Ingress", Set.of(STATUS), List.of("ing"), List.of()),
            namespaced("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", Set.of(), List.of("netpol"),
                    List.of()),
            namespaced("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Set.of(STATUS), List.of("pdb"),
                    List.of()));

    private SandboxApiResources() {
    }

    /** Looks a kind up by the parts of a request path; {@code group} is null or empty for the core group. */
    static Optional<ApiResourceType> find(@Nullable String group, @Nullable String version, @Nullable String plural) {
        String wantedGroup = group == null ? "" : group;
        return ALL.stream()
                .filter(type -> type.group().equals(wantedGroup) && type.version().equals(version)
                        && type.plural().equals(plural))
                .findFirst();
    }

    private static ApiResourceType namespaced(String group, String version, String plural, String kind,
            Set<Subresource> subresources, List<String> shortNames, List<String> categories) {
        return new ApiResourceType(group, version, plural, kind, true, subresources, shortNames, categories);
    }

    private static ApiResourceType cluster(String group, String version, String plural, String kind,
            Set<Subresource> subresources, List<String> shortNames) {
        return new ApiResourceType(group, version, plural, kind, false, subresources, shortNames, List.of());
    }
}
