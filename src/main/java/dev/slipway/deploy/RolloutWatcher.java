package dev.slipway.deploy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One cluster's shared informers: Deployments, ReplicaSets and Pods carrying Slipway's label, and Events. Every
 * rollout in flight reads its state from these caches instead of opening a watch of its own; a change tells the
 * runner which workload (namespace and service) to look at again. The informers relist by themselves when a watch
 * breaks (410 Gone) and reconnect when it drops; the runner starts them again if they give up, and re-reads every
 * rollout on its poll, so a missed notification loses nothing.
 */
final class RolloutWatcher implements AutoCloseable {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME = "app.kubernetes.io/name";
    private static final String BY_WORKLOAD = "workload";
    private static final String BY_OBJECT = "object";

    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Event> events;

    /** What the caches hold about one workload. */
    record Snapshot(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods, List<Event> events) {
    }

    /**
     * @param changed told the namespace and service name of a workload whose objects changed
     */
    RolloutWatcher(KubernetesClient client, long resyncMillis, BiConsumer<String, String> changed) {
        deployments = client.apps().deployments().inAnyNamespace().withLabel(MANAGED_BY, "slipway")
                .runnableInformer(resyncMillis);
        replicaSets = client.apps().replicaSets().inAnyNamespace().withLabel(MANAGED_BY, "slipway")
                .runnableInformer(resyncMillis);
        replicaSets.addIndexers(Map.of(BY_WORKLOAD, RolloutWatcher::workloadKey));
        pods = client.pods().inAnyNamespace().withLabel(MANAGED_BY, "slipway").runnableInformer(resyncMillis);
        pods.addIndexers(Map.of(BY_WORKLOAD, RolloutWatcher::workloadKey));
        events = client.v1().events().inAnyNamespace().runnableInformer(resyncMillis);
        events.addIndexers(Map.of(BY_OBJECT, event -> List.of(objectKey(event.getInvolvedObject()))));
        deployments.addEventHandler(handler(d -> d.getMetadata().getName(), changed));
        replicaSets.addEventHandler(handler(RolloutWatcher::serviceOf, changed));
        pods.addEventHandler(handler(RolloutWatcher::serviceOf, changed));
        events.addEventHandler(handler(this::serviceOfInvolved, changed));
    }

    /** Starts the informers and waits until their first lists are in; if one cannot, closes them all. */
    void start() {
        try {
            Stream.of(deployments, replicaSets, pods, events).map(SharedIndexInformer::start).toList()
                    .forEach(started -> started.toCompletableFuture().join());
        } catch (CompletionException e) {
            close();
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
    }

    /** True once an informer has given up, as fabric8's do on a watch error they do not retry. */
    boolean stopped() {
        return Stream.of(deployments, replicaSets, pods, events)
                .anyMatch(informer -> informer.stopped().toCompletableFuture().isDone());
    }

    Snapshot snapshot(String namespace, String name) {
        Deployment deployment = deployments.getStore().getByKey(namespace + "/" + name);
        String workload = namespace + "/" + name;
        List<ReplicaSet> sets = replicaSets.getIndexer().byIndex(BY_WORKLOAD, workload);
        List<Pod> workloadPods = pods.getIndexer().byIndex(BY_WORKLOAD, workload);
        var about = new ArrayList<Event>(events.getIndexer().byIndex(BY_OBJECT, namespace + "/Deployment/" + name));
        sets.forEach(rs -> about.addAll(events.getIndexer().byIndex(BY_OBJECT,
                namespace + "/ReplicaSet/" + rs.getMetadata().getName())));
        workloadPods.forEach(pod -> about.addAll(events.getIndexer().byIndex(BY_OBJECT,
                namespace + "/Pod/" + pod.getMetadata().getName())));
        return new Snapshot(deployment, sets, workloadPods, about);
    }

    boolean watching() {
        return deployments.isWatching() && replicaSets.isWatching() && pods.isWatching() && events.isWatching();
    }

    @Override
    public void close() {
        Stream.of(deployments, replicaSets, pods, events).forEach(SharedIndexInformer::close);
    }

    private @Nullable String serviceOfInvolved(Event event) {
        ObjectReference involved = event.getInvolvedObject();
        if (involved == null || involved.getName() == null) {
            return null;
        }
        String key = involved.getNamespace() + "/" + involved.getName();
        return switch (String.valueOf(involved.getKind())) {
            case "Deployment" -> involved.getName();
            case "ReplicaSet" -> serviceOf(replicaSets.getStore().getByKey(key));
            case "Pod" -> serviceOf(pods.getStore().getByKey(key));
            default -> null;
        };
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, String> service,
            BiConsumer<String, String> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                tell(object);
            }

            @Override
            public void onUpdate(T before, T object) {
                tell(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                tell(object);
            }

            private void tell(T object) {
                String name = object == null ? null : service.apply(object);
                if (name != null) {
                    changed.accept(object.getMetadata().getNamespace(), name);
                }
            }
        };
    }

    private static @Nullable String serviceOf(HasMetadata object) {
        if (object == null || object.getMetadata().getLabels() == null) {
            return null;
        }
        return object.getMetadata().getLabels().get(NAME);
    }

    private static List<String> workloadKey(HasMetadata object) {
        String service = serviceOf(object);
        return service == null ? List.of() : List.of(object.getMetadata().getNamespace() + "/" + service);
    }

    private static String objectKey(ObjectReference involved) {
        return involved == null ? "" : involved.getNamespace() + "/" + involved.getKind() + "/" + involved.getName();
    }
}
