package dev.slipway.delivery;

import java.util.List;

/**
 * Figures a platform team quotes when it compares hand-coded pipelines with an automated platform: how long a
 * deployment takes, the share of deployments that fail in a month, and how long recovery takes.
 */
public record ReferencePoint(String name, double deploymentSeconds, double monthlyFailureRate,
        double recoverySeconds) {

    static final List<ReferencePoint> ALL = List.of(
            new ReferencePoint("Hand-coded pipelines", 12 * 60, 0.08, 45 * 60),
            new ReferencePoint("Automated platform", 0.8, 0.02, 5 * 60));
}
