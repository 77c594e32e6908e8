package dev.slipway.identity;

import java.util.List;

/**
 * What identity needs to know about teams, which the catalog owns: whether a team exists. The
 * catalog provides it, so identity stays free of a dependency on the catalog.
 */
public interface TeamDirectory {

    /**
     * Whether the team exists; if so, it cannot be deleted before the caller's (read-write) transaction ends, so
     * whatever identity ties to it in that transaction never outlives it.
     */
    boolean exists(String teamSlug);

    /** Every team's slug, in order, for pickers. */
    List<String> slugs();
}
