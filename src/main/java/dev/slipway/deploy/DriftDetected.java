package dev.slipway.deploy;

import org.jspecify.annotations.Nullable;

/** A cluster runs something else than the service's last successful deployment there ({@code liveImage} null: nothing). */
public record DriftDetected(String service, String environment, String expectedImage, @Nullable String liveImage) {

    /** The audit action and webhook event name. */
    public static final String NAME = "drift.detected";
}
