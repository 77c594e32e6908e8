package dev.slipway.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code log} subresource of a sandbox pod: plausible output made up from what the pod's status says its
 * container did. A healthy container starts and listens; a crash-looping one fails to reach its database and
 * exits, an OOM-killed one allocates until it is killed. Each run writes its own lines, so {@code previous}
 * shows the run before.
 */
final class PodLogs {

    private PodLogs() {
    }

    static String of(JsonNode pod, @Nullable String containerName, boolean previous, @Nullable Integer tailLines) {
        String podName = pod.path("metadata").path("name").asText();
        JsonNode containers = pod.path("spec").path("containers");
        String container = containerName == null || containerName.isEmpty()
                ? containers.path(0).path("name").asText() : containerName;
        JsonNode status = null;
        for (JsonNode candidate : pod.path("status").path("containerStatuses")) {
            if (container.equals(candidate.path("name").asText())) {
                status = candidate;
            }
        }
        boolean declared = false;
        String image = "";
        for (JsonNode candidate : containers) {
            if (container.equals(candidate.path("name").asText())) {
                declared = true;
                image = candidate.path("image").asText();
            }
        }
        if (!declared) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container " + container + " is not valid for pod " + podName);
        }
        FailureMode mode = FailureMode.of(Serialization.unmarshal(
                pod.path("spec").toString(), PodSpec.class));
        JsonNode state = status == null ? null : status.path("state");
        JsonNode last = status == null ? null : status.path("lastState").path("terminated");
        List<String> lines;
        if (previous) {
            if (last == null || last.isMissingNode() || !last.has("startedAt")) {
                throw new ApiRequestException(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                        "previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
            }
            lines = run(mode, image, instant(last.path("startedAt").asText()), true);
        } else if (state != null && state.has("running")) {
            lines = run(mode, image, instant(state.path("running").path("startedAt").asText()), false);
        } else if (last != null && !last.isMissingNode() && last.has("startedAt")) {
            lines = run(mode, image, instant(last.path("startedAt").asText()), true);
        } else {
            String reason = state == null ? "ContainerCreating" : state.path("waiting").path("reason").asText("ContainerCreating");
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container \"" + container + "\" in pod \"" + podName + "\" is waiting to start: " + reason);
        }
        if (tailLines != null && tailLines >= 0 && tailLines < lines.size()) {
            lines = lines.subList(lines.size() - tailLines, lines.size());
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The lines one run of the container writes; {@code ended} when the run is over. */
    private static List<String> run(FailureMode mode, String image, Instant startedAt, boolean ended) {
        List<String> lines = new ArrayList<>();
        Clock clock = new Clock(startedAt);
        lines.add(clock.at(0) + " INFO  Starting " + image);
        lines.add(clock.at(40) + " INFO  Loaded configuration from environment (profile: sandbox)");
        switch (mode) {
            case CRASHLOOP -> {
                lines.add(clock.at(120) + " INFO  Connecting to database at postgres:5432");
                if (ended) {
                    lines.add(clock.at(250) + " FATAL: could not connect to database at postgres:5432: connection refused");
                    lines.add(clock.at(251) + " INFO  Exiting with status 1");
                }
            }
            case OOM -> {
                lines.add(clock.at(100) + " INFO  Warming cache");
                for (int i = 1; i <= 4; i++) {
                    lines.add(clock.at(100 + 30 * i) + " INFO  Allocated " + (128 * i) + " MiB for cache segment " + i);
                }
            }
            default -> {
                lines.add(clock.at(300) + " INFO  Listening on port 8080");
                if (mode == FailureMode.UNREADY) {
                    lines.add(clock.at(350) + " WARN  Readiness check failing: dependency checkout-db not ready (503)");
                } else {
                    lines.add(clock.at(400) + " INFO  Ready to serve requests");
                }
            }
        }
        return lines;
    }

    private static Instant instant(String time) {
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private record Clock(Instant start) {
        String at(long millis) {
            return start.plusMillis(millis).toString();
        }
    }
}
