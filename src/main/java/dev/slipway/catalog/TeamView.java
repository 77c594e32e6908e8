package dev.slipway.catalog;

import java.time.Instant;

/** A team as the portal and the API show it. */
public record TeamView(String slug, String name, String description, String contact, long serviceCount,
        Instant createdAt, Instant updatedAt) {
}
