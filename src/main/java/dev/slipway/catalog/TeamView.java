package dev.slipway.catalog;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A team as the portal and the API show it. */
public record TeamView(String slug, String name, @Nullable String description, @Nullable String contact, long serviceCount,
        Instant createdAt, Instant updatedAt) {
}
