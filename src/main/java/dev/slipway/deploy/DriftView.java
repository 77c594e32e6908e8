package dev.slipway.deploy;

import java.time.Instant;

/** A service running something else in an environment than the release Slipway last deployed there. */
public record DriftView(String service, String environment, String expectedImage, String liveImage, Instant foundAt) {
}
