package dev.slipway.catalog;

import org.jspecify.annotations.Nullable;

/** Narrows the service list: free text over slug and name, owning team's slug, lifecycle. Each may be null. */
public record ServiceFilter(@Nullable String query, String team, @Nullable Lifecycle lifecycle) {

    public ServiceFilter {
        query = query == null || query.isBlank() ? null : query.strip();
        team = team == null || team.isBlank() ? null : team.strip();
    }

    public boolean isEmpty() {
        return query == null && team == null && lifecycle == null;
    }
}
