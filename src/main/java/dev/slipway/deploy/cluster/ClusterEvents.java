package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events as the cluster's components do. An event repeated for the same object, reason and
 * message increments {@code count} on the Event already recorded, as kubelet's event aggregation does.
 */
@RequiredArgsConstructor
final class ClusterEvents {

    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

    /** What an event is about; {@code uid} may be null while the object's creation is still being written. */
    record Subject(String apiVersion, String kind, String namespace, String name, String uid) {
    }

    record Source(String component, @Nullable String host) {
        static final Source DEPLOYMENT_CONTROLLER = new Source("deployment-controller", null);
        static final Source REPLICASET_CONTROLLER = new Source("replicaset-controller", null);
        static final Source SCHEDULER = new Source("default-scheduler", null);
        static final Source KUBELET = new Source("kubelet", SimulatedPod.NODE_NAME);
    }

    private record Recorded(String name, int count) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.nanoTime());

    void normal(Subject subject, Source source, String reason, String message) {
        record(subject, source, "Normal", reason, message);
    }

    void warning(Subject subject, Source source, String reason, String message) {
        record(subject, source, "Warning", reason, message);
    }

    /** Forgets the counts kept for an object that is gone. */
    void forget(Subject subject) {
        String prefix = subject.kind() + "/" + subject.namespace() + "/" + subject.name() + "/";
        recorded.keySet().removeIf(key -> key.startsWith(prefix));
    }

    private void record(Subject subject, Source source, String type, String reason, String message) {
        String key = subject.kind() + "/" + subject.namespace() + "/" + subject.name() + "/" + reason + "/" + message;
        String now = SimulatedPod.time(clock.instant());
        Recorded earlier = recorded.get(key);
        try {
            if (earlier != null) {
                int count = earlier.count() + 1;
                client.v1().events().inNamespace(subject.namespace()).withName(earlier.name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
                recorded.put(key, new Recorded(earlier.name(), count));
                return;
            }
            // Named as the API server's event recorder names them: the object's name and a unique hexadecimal suffix.
            String name = subject.name() + "." + Long.toHexString(sequence.incrementAndGet());
            Event event = new EventBuilder()
                    .withNewMetadata().withNamespace(subject.namespace()).withName(name).endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(subject.apiVersion())
                    .withKind(subject.kind())
                    .withNamespace(subject.namespace())
                    .withName(subject.name())
                    .withUid(subject.uid())
                    .endInvolvedObject()
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withNewSource().withComponent(source.component()).withHost(source.host()).endSource()
                    .withReportingComponent(source.component())
                    .withReportingInstance(source.host() == null ? source.component() : source.host())
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build();
            client.v1().events().inNamespace(subject.namespace()).resource(event).create();
            recorded.put(key, new Recorded(name, 1));
        } catch (KubernetesClientException e) {
            log.debug("Sandbox cluster: could not record event {} for {} {}/{}", reason, subject.kind(),
                    subject.namespace(), subject.name(), e);
        }
    }
}
