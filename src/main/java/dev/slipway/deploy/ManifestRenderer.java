package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceRef;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Renders what Slipway applies for a deployment: the namespace, a Kubernetes Deployment and a
 * Service for the port, labelled with the service, version, team, release and cost tags.
 */
@Component
class ManifestRenderer {

    /** The objects, in the order they are applied: the Deployment right after its namespace, as it is awaited. */
    record Manifest(Namespace namespace, Service service, Deployment deployment) {

        List<HasMetadata> objects() {
            return List.of(namespace, deployment, service);
        }

        String yaml() {
            var text = new StringBuilder();
            for (HasMetadata object : objects()) {
                String yaml = Serialization.asYaml(object);
                text.append(yaml.startsWith("---") ? yaml : "---\n" + yaml);
            }
            return text.toString();
        }
    }

    Manifest render(ServiceRef service, EnvironmentRef environment, ReleaseView release, DeploySettings settings) {
        String namespace = environment.namespaceFor(service.team(), service.slug());
        Map<String, String> labels = labels(service, release);
        Map<String, String> selector = Map.of("app.kubernetes.io/name", service.slug());
        var ns = new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata().build();
        var svc = new ServiceBuilder()
                .withNewMetadata().withName(service.slug()).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withSelector(selector)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(settings.containerPort()))
                .endPort().endSpec().build();
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName(service.slug()).withNamespace(namespace).withLabels(labels)
                .addToAnnotations("slipway.dev/release-image", release.image()).endMetadata()
                .withNewSpec()
                .withReplicas(settings.replicas())
                .withProgressDeadlineSeconds(settings.rolloutTimeoutSeconds())
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(service.slug())
                .withImage(release.image())
                .addNewPort().withName("http").withContainerPort(settings.containerPort()).endPort()
                .withEnv(env(settings))
                .withNewResources()
                .addToRequests("cpu", new Quantity(settings.cpuRequest()))
                .addToRequests("memory", new Quantity(settings.memoryRequest()))
                .addToLimits("cpu", new Quantity(settings.cpuLimit()))
                .addToLimits("memory", new Quantity(settings.memoryLimit()))
                .endResources()
                .withReadinessProbe(probe(settings.readinessPath(), settings.containerPort()))
                .withLivenessProbe(probe(settings.livenessPath(), settings.containerPort()))
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        return new Manifest(ns, svc, deployment);
    }

    private static Map<String, String> labels(ServiceRef service, ReleaseView release) {
        var labels = new LinkedHashMap<String, String>();
        service.costTags().forEach(labels::put);
        labels.put("app.kubernetes.io/name", service.slug());
        labels.put("app.kubernetes.io/version", labelValue(release.version()));
        labels.put("app.kubernetes.io/managed-by", "slipway");
        labels.put("slipway.dev/team", service.team());
        labels.put("slipway.dev/release", String.valueOf(release.id()));
        return labels;
    }

    // Label values allow at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric; versions may hold '+'.
    static String labelValue(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "_");
        cleaned = cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
        return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static List<EnvVar> env(DeploySettings settings) {
        return settings.env() == null ? List.of() : settings.env().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList();
    }

    private static @Nullable Probe probe(@Nullable String path, int port) {
        if (path == null || path.isBlank()) {
            return null;
        }
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(10).withFailureThreshold(3).build();
    }
}
