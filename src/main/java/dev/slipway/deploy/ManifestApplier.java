package dev.slipway.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Applies a deployment's objects with server-side apply (field manager {@code slipway}): the namespace first (once
 * per process and cluster), then the Deployment, so that it exists as early as possible, then the rest. Fields
 * another field manager owns are not taken over (the cluster answers 409) unless
 * {@code slipway.deploy.apply.force-conflicts} says so: a change someone made by hand, or a controller's, is not
 * overwritten unasked.
 */
@Component
class ManifestApplier {

    static final String FIELD_MANAGER = "slipway";

    private final Set<String> appliedNamespaces = ConcurrentHashMap.newKeySet();
    private final boolean forceConflicts;

    ManifestApplier(DeployProperties properties) {
        this.forceConflicts = properties.apply().forceConflicts();
    }

    /** Applies the objects and answers the Deployment's generation. */
    long apply(KubernetesClient client, List<HasMetadata> objects) {
        var ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparingInt(o -> o instanceof Namespace ? 0 : o instanceof Deployment ? 1 : 2));
        try {
            return applyInOrder(client, ordered);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            appliedNamespaces.removeIf(key -> key.startsWith(System.identityHashCode(client) + "/"));
            return applyInOrder(client, ordered); // a namespace applied earlier was deleted since
        }
    }

    /** Applies a manifest as recorded on a deployment (YAML documents), again. */
    long applyRecorded(KubernetesClient client, String manifest) {
        return apply(client, client.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items());
    }

    private long applyInOrder(KubernetesClient client, List<HasMetadata> objects) {
        Long generation = null;
        for (HasMetadata object : objects) {
            String namespaceKey = System.identityHashCode(client) + "/" + object.getMetadata().getName();
            if (object instanceof Namespace && appliedNamespaces.contains(namespaceKey)) {
                continue;
            }
            var apply = client.resource(object).fieldManager(FIELD_MANAGER);
            HasMetadata result = (forceConflicts ? apply.forceConflicts() : apply).serverSideApply();
            if (object instanceof Namespace) {
                appliedNamespaces.add(namespaceKey);
            }
            if (result instanceof Deployment deployment) {
                generation = deployment.getMetadata().getGeneration();
            }
        }
        return Objects.requireNonNull(generation, "the manifest holds no Deployment");
    }
}
