package dev.slipway.catalog;

/** Narrows the service list: free text over slug and name, owning team's slug, lifecycle. Each may be null. */
public record ServiceFilter(String query, String team, Lifecycle lifecycle) {

    public ServiceFilter {
        query = query == null || query.isBlank() ? null : query.strip();
        team = team == null || team.isBlank() ? null : team.strip();
    }

    public boolean isEmpty() {
        return query == null && team == null && lifecycle == null;
    }
}
