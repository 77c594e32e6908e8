package dev.slipway.deploy;

import java.time.Instant;

/** A release as the portal and the API show it; releases never change once created. */
public record ReleaseView(long id, String service, String version, String image, String gitSha, Instant commitTime,
        String notes, String link, String createdBy, Instant createdAt) {
}
