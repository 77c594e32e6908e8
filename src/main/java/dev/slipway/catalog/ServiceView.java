package dev.slipway.catalog;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A service as the portal and the API show it. */
public record ServiceView(String slug, String name, TeamRef team, @Nullable String description, @Nullable String repositoryUrl,
        @Nullable String imageRepository, Lifecycle lifecycle, Map<String, String> costTags, Instant createdAt,
        Instant updatedAt) {
}
