package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** One ReplicaSet of a simulated Deployment: a pod template, its revision, a replica count and its pods. */
@NullUnmarked // the rollout state as the simulator builds it up: fields fill in as the Deployment is applied
final class SimulatedReplicaSet {

    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    final String namespace;
    final String deploymentName;
    final String name;
    final String hash;
    final PodTemplateSpec template;
    final FailureMode mode;
    final List<SimulatedPod> pods = new ArrayList<>();
    /** Set by the write that creates the ReplicaSet, read by later writes that point at it. */
    volatile @Nullable String uid;

    long revision;
    int replicas;
    long generation = 1;
    /** How long its pods take to get ready: a rollout's share of the rollout time. */
    @Nullable Duration podReadyTime;
    /** The status as last written, so that a flush that changes nothing writes nothing. */
    String lastWrittenStatus = "";

    SimulatedReplicaSet(String namespace, String deploymentName, String hash, PodTemplateSpec template, long revision) {
        this.namespace = namespace;
        this.deploymentName = deploymentName;
        this.name = deploymentName + "-" + hash;
        this.hash = hash;
        this.template = template;
        this.mode = FailureMode.of(template);
        this.revision = revision;
    }

    Map<String, String> podLabels() {
        Map<String, String> labels = new LinkedHashMap<>(
                Objects.requireNonNullElse(template.getMetadata() == null ? null : template.getMetadata().getLabels(),
                        Map.of()));
        labels.put(HASH_LABEL, hash);
        return labels;
    }

    /** The writes of a Deployment and everything it owns share one lane, so they reach the API server in order. */
    String lane() {
        return namespace + "/" + deploymentName;
    }

    int readyPods() {
        return (int) pods.stream().filter(SimulatedPod::isReady).count();
    }

    int unreadyPods() {
        return pods.size() - readyPods();
    }

    /** The ReplicaSet as the Deployment controller creates or updates it, without its status. */
    ReplicaSet object(String deploymentName, String deploymentUid) {
        Map<String, String> labels = podLabels();
        PodTemplateSpec podTemplate = new PodTemplateSpecBuilder(template)
                .editOrNewMetadata().withLabels(labels).endMetadata()
                .build();
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .addToAnnotations(REVISION_ANNOTATION, String.valueOf(revision))
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deploymentName)
                .withUid(deploymentUid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(podTemplate)
                .endSpec()
                .build();
    }

    /** Only the status, for the status subresource. */
    ReplicaSet statusOnly() {
        int ready = readyPods();
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewStatus()
                .withReplicas(pods.size())
                .withFullyLabeledReplicas(pods.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withObservedGeneration(generation)
                .endStatus()
                .build();
    }
}
