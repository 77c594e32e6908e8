package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * How the sandbox cluster makes a pod template misbehave, chosen by a word in any of its images, so that a user
 * can try Slipway's failure handling by deploying, say, {@code shop:2.0-crashloop}.
 */
enum FailureMode {

    HEALTHY(null),
    /** Nothing acts on the Deployment at all, as when the cluster's controllers are down. */
    UNRESPONSIVE("unresponsive"),
    CRASHLOOP("crashloop"),
    PULL_ERROR("pull-error"),
    OOM("oom"),
    UNSCHEDULABLE("unschedulable"),
    UNREADY("unready");

    private final @Nullable String marker;

    FailureMode(@Nullable String marker) {
        this.marker = marker;
    }

    static FailureMode of(PodTemplateSpec template) {
        return of(template == null ? null : template.getSpec());
    }

    static FailureMode of(@Nullable PodSpec pod) {
        if (pod == null) {
            return HEALTHY;
        }
        List<String> images = Stream.concat(
                        Objects.requireNonNullElse(pod.getContainers(), List.<Container>of()).stream(),
                        Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()).stream())
                .map(Container::getImage)
                .filter(Objects::nonNull)
                .toList();
        for (FailureMode mode : values()) {
            if (mode.marker != null && images.stream().anyMatch(image -> image.contains(mode.marker))) {
                return mode;
            }
        }
        return HEALTHY;
    }

    /** Whether a container of this mode ever gets as far as running. */
    boolean starts() {
        return this == HEALTHY || this == CRASHLOOP || this == OOM || this == UNREADY;
    }

    /** Whether a running container of this mode exits by itself. */
    boolean exits() {
        return this == CRASHLOOP || this == OOM;
    }
}
