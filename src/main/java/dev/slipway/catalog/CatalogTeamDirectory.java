package dev.slipway.catalog;

import dev.slipway.identity.TeamDirectory;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/** Tells identity which teams exist. */
@Component
@RequiredArgsConstructor
class CatalogTeamDirectory implements TeamDirectory {

    private final TeamRepository teams;

    @Override
    public boolean exists(String teamSlug) {
        return teamSlug != null && teams.findBySlugForShare(teamSlug).isPresent();
    }

    @Override
    public List<String> slugs() {
        return teams.findAllByOrderBySlug().stream().map(Team::getSlug).toList();
    }
}
