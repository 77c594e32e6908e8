package dev.slipway.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One rollout this process follows: a state record, not a thread. It is looked at again whenever its cluster
 * reports a change to its workload, and on every poll; one look at a time ({@link #claimLook()}).
 */
final class Rollout {

    final long id;
    final KubernetesClient client;
    final String namespace;
    final String name;
    final long generation;
    final Instant startedAt;
    final Instant deadline;
    final int timeoutSeconds;

    /** What was last written, so that only changes reach the deployment's log. */
    String phase;
    int ready = -1;
    final Set<String> copiedEvents = new HashSet<>();
    final Map<String, String> podLines = new HashMap<>();

    private final AtomicBoolean looking = new AtomicBoolean();
    private final AtomicBoolean lookAgain = new AtomicBoolean();

    Rollout(long id, KubernetesClient client, String namespace, String name, long generation, Instant startedAt,
            int timeoutSeconds) {
        this.id = id;
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.generation = generation;
        this.startedAt = startedAt;
        this.timeoutSeconds = timeoutSeconds;
        this.deadline = startedAt.plusSeconds(timeoutSeconds);
    }

    boolean concerns(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }

    /** True when the caller may look now; otherwise the look under way is asked to look once more. */
    boolean claimLook() {
        lookAgain.set(true);
        return looking.compareAndSet(false, true);
    }

    /** Ends a look; true when a change arrived meanwhile and the caller should look again. */
    boolean releaseLook() {
        looking.set(false);
        return lookAgain.get() && looking.compareAndSet(false, true);
    }

    /** Called as a look begins, so that changes arriving during it ask for another. */
    void beginLook() {
        lookAgain.set(false);
    }
}
