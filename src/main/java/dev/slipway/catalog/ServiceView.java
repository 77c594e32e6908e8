package dev.slipway.catalog;

import java.time.Instant;
import java.util.Map;

/** A service as the portal and the API show it. */
public record ServiceView(String slug, String name, TeamRef team, String description, String repositoryUrl,
        String imageRepository, Lifecycle lifecycle, Map<String, String> costTags, Instant createdAt,
        Instant updatedAt) {
}
