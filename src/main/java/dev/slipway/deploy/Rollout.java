package dev.slipway.deploy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

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
    private @Nullable String phase;
    private int ready = -1;
    private final Set<String> copiedEvents = new HashSet<>();
    private final Map<String, String> podLines = new HashMap<>();

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

    /**
     * What one look at the workload found: the diagnosis, the cluster events and pod changes not yet in the log, and
     * whether progress moved. {@code failure} is the diagnosed failure or, past the deadline, the timeout.
     */
    record Observation(RolloutDiagnosis diagnosis, List<String> newEvents, List<String> podChanges,
            boolean progressed, @Nullable String failure) {
    }

    Observation observe(RolloutWatcher.Snapshot snapshot, DeployProperties.FailFast thresholds, Instant now) {
        var diagnosis = RolloutDiagnosis.of(snapshot.deployment(), generation, snapshot.replicaSets(), snapshot.pods(),
                snapshot.events(), thresholds);
        Instant earliest = startedAt.minusSeconds(2); // events of this rollout, not of earlier ones
        List<String> newEvents = snapshot.events().stream()
                .filter(e -> !happenedAt(e).isBefore(earliest))
                .sorted(Comparator.comparing(Rollout::happenedAt))
                .filter(e -> copiedEvents.add(e.getMetadata().getUid() + "#" + e.getCount()))
                .map(Rollout::line)
                .toList();
        var podChanges = new ArrayList<String>();
        for (String line : diagnosis.pods()) {
            if (!line.equals(podLines.put(line.substring(0, line.indexOf(':')), line))) {
                podChanges.add(line);
            }
        }
        boolean timedOut = !diagnosis.complete() && diagnosis.failure() == null && now.isAfter(deadline);
        String failure = diagnosis.failure() != null ? diagnosis.failure()
                : timedOut ? "The rollout did not complete within " + timeoutSeconds + " s"
                        + (diagnosis.suspicion() == null ? "" : ": " + diagnosis.suspicion())
                : null;
        boolean progressed = !Objects.equals(diagnosis.phase(), phase) || diagnosis.ready() != ready;
        phase = diagnosis.phase();
        ready = diagnosis.ready();
        return new Observation(diagnosis, newEvents, podChanges, progressed, failure);
    }

    private static Instant happenedAt(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp()
                : event.getEventTime() != null ? event.getEventTime().getTime()
                : event.getMetadata().getCreationTimestamp();
        try {
            return time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** A cluster event as one line of the deployment's log. */
    private static String line(Event event) {
        var involved = event.getInvolvedObject();
        int count = event.getCount() == null ? 1 : event.getCount();
        return ("Warning".equals(event.getType()) ? "Warning " : "") + event.getReason() + " ("
                + String.valueOf(involved.getKind()).toLowerCase(Locale.ROOT) + " " + involved.getName() + "): "
                + event.getMessage() + (count > 1 ? " (" + count + " times)" : "");
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
