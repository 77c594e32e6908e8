package dev.slipway.catalog;

import dev.slipway.identity.TeamDirectory;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tells identity which teams exist. */
@Component
class CatalogTeamDirectory implements TeamDirectory {

    private final TeamRepository teams;

    CatalogTeamDirectory(TeamRepository teams) {
        this.teams = teams;
    }

    @Override
    public boolean exists(String teamSlug) {
        return teamSlug != null && teams.existsBySlug(teamSlug);
    }

    @Override
    public List<String> slugs() {
        return teams.findAllByOrderBySlug().stream().map(Team::getSlug).toList();
    }
}
