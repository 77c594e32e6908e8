package dev.slipway.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "team")
class Team extends CatalogEntry {

    private String name;
    private @Nullable String description;
    private @Nullable String contact;

    protected Team() {
    }

    @SuppressWarnings("NullAway.Init") // apply() sets the remaining columns before the entity is saved
    Team(String slug, Instant now) {
        super(slug, now);
    }

    void apply(TeamRequest request, Instant now) {
        this.name = request.name().strip();
        this.description = blankToNull(request.description());
        this.contact = blankToNull(request.contact());
        changedAt(now);
    }

    TeamView toView(long serviceCount) {
        return new TeamView(getSlug(), name, description, contact, serviceCount, getCreatedAt(), getUpdatedAt());
    }

    String getName() {
        return name;
    }
}
