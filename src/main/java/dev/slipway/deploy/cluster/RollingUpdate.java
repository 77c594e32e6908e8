package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import org.jspecify.annotations.Nullable;

/** How far a Deployment's strategy lets a rollout go above and below the desired count, as the controller counts. */
record RollingUpdate(boolean recreate, int maxSurge, int maxUnavailable) {

    private static final String DEFAULT_PERCENT = "25%";

    static RollingUpdate of(DeploymentStrategy strategy, int desired) {
        if (strategy != null && "Recreate".equals(strategy.getType())) {
            return new RollingUpdate(true, 0, desired);
        }
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        int surge = resolve(rolling == null ? null : rolling.getMaxSurge(), desired, true);
        int unavailable = resolve(rolling == null ? null : rolling.getMaxUnavailable(), desired, false);
        // The API refuses both at zero; a rollout with neither could never move.
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new RollingUpdate(false, surge, Math.min(unavailable, desired));
    }

    /** How many rounds of new pods getting ready a rollout over running pods takes. */
    int batches(int desired) {
        if (recreate || desired == 0) {
            return 1;
        }
        int step = Math.max(1, maxSurge + maxUnavailable);
        return (desired + step - 1) / step;
    }

    /** Surge rounds up and unavailability down, so that a percentage never stalls a rollout nor breaks availability. */
    private static int resolve(@Nullable IntOrString value, int desired, boolean roundUp) {
        if (value != null && value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        }
        String text = value != null && value.getStrVal() != null ? value.getStrVal() : DEFAULT_PERCENT;
        int percent = Integer.parseInt(text.replace("%", "").strip());
        int scaled = desired * percent;
        return Math.max(0, roundUp ? (scaled + 99) / 100 : scaled / 100);
    }
}
