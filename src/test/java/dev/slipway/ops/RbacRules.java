package dev.slipway.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kubernetes RBAC as the API server decides it, over a set of rendered objects: a request is allowed when a
 * ClusterRoleBinding, or a RoleBinding in the request's namespace, binds the ServiceAccount to a role with a rule
 * matching its group, resource, verb and (when the rule names some) the object's name.
 */
final class RbacRules {

    /** One call to the API server; {@code namespace} is null for cluster-scoped objects and for all namespaces. */
    record Request(String verb, String group, String resource, String namespace, String name) {
    }

    private final List<HasMetadata> objects;

    RbacRules(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /**
     * Every call Slipway makes to a cluster while deploying a service to {@code namespace}: its informers
     * (RolloutWatcher) list and watch Deployments, ReplicaSets, Pods and Events in all namespaces; the runner and
     * the drift check read the Deployment; the ManifestApplier applies the Namespace, the Deployment and the
     * Service (server-side apply: a patch, and a create when the object is new); LivePods lists the pods and
     * reads a failing container's log.
     */
    static List<Request> slipwayCalls(String namespace) {
        Stream<Request> informers = Stream.of("list", "watch").flatMap(verb -> Stream.of(
                new Request(verb, "apps", "deployments", null, null),
                new Request(verb, "apps", "replicasets", null, null),
                new Request(verb, "", "pods", null, null),
                new Request(verb, "", "events", null, null)));
        Stream<Request> applies = Stream.of("create", "patch").flatMap(verb -> Stream.of(
                new Request(verb, "", "namespaces", null, namespace),
                new Request(verb, "apps", "deployments", namespace, "checkout"),
                new Request(verb, "", "services", namespace, "checkout")));
        Stream<Request> reads = Stream.of(
                new Request("get", "apps", "deployments", namespace, "checkout"),
                new Request("list", "", "pods", namespace, null),
                new Request("get", "", "pods/log", namespace, "checkout-5d8f7c-abcde"));
        return Stream.of(informers, applies, reads).flatMap(s -> s).toList();
    }

    List<Request> deniedOf(List<Request> requests, String serviceAccountNamespace, String serviceAccount) {
        return requests.stream().filter(r -> !allows(serviceAccountNamespace, serviceAccount, r)).toList();
    }

    boolean allows(String serviceAccountNamespace, String serviceAccount, Request request) {
        Stream<List<PolicyRule>> clusterWide = of(ClusterRoleBinding.class)
                .filter(b -> binds(b.getSubjects(), serviceAccountNamespace, serviceAccount))
                .map(b -> rules(b.getRoleRef(), null));
        Stream<List<PolicyRule>> inNamespace = of(RoleBinding.class)
                .filter(b -> b.getMetadata().getNamespace().equals(request.namespace()))
                .filter(b -> binds(b.getSubjects(), serviceAccountNamespace, serviceAccount))
                .map(b -> rules(b.getRoleRef(), b.getMetadata().getNamespace()));
        return Stream.concat(clusterWide, inNamespace).flatMap(List::stream).anyMatch(rule -> matches(rule, request));
    }

    private static boolean binds(List<Subject> subjects, String namespace, String serviceAccount) {
        return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && serviceAccount.equals(s.getName()) && namespace.equals(s.getNamespace()));
    }

    private List<PolicyRule> rules(RoleRef ref, String bindingNamespace) {
        Stream<List<PolicyRule>> roles = "ClusterRole".equals(ref.getKind())
                ? of(ClusterRole.class).filter(r -> r.getMetadata().getName().equals(ref.getName()))
                        .map(ClusterRole::getRules)
                : of(Role.class).filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(bindingNamespace)).map(Role::getRules);
        return roles.flatMap(List::stream).toList();
    }

    private static boolean matches(PolicyRule rule, Request request) {
        // The API server authorizes a create before the object has a name, so resourceNames never grant one.
        String name = "create".equals(request.verb()) ? null : request.name();
        boolean named = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                || rule.getResourceNames().contains(name);
        return covers(rule.getApiGroups(), request.group()) && covers(rule.getResources(), request.resource())
                && covers(rule.getVerbs(), request.verb()) && named;
    }

    private static boolean covers(List<String> granted, String wanted) {
        return granted != null && (granted.contains("*") || granted.contains(wanted));
    }

    private <T extends HasMetadata> Stream<T> of(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast);
    }
}
