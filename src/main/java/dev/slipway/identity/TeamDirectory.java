package dev.slipway.identity;

import java.util.List;

/**
 * What identity needs to know about teams, which the catalog owns: whether a team exists. The
 * catalog provides it, so identity stays free of a dependency on the catalog.
 */
public interface TeamDirectory {

    boolean exists(String teamSlug);

    /** Every team's slug, in order, for pickers. */
    List<String> slugs();
}
