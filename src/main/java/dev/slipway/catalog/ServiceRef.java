package dev.slipway.catalog;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What other modules need to know of a service to release and deploy it. */
public record ServiceRef(long id, String slug, String name, String team, @Nullable String imageRepository,
        Map<String, String> costTags) {
}
