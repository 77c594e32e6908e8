package dev.slipway.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "team")
class Team extends CatalogEntry {

    private String name;
    private String description;
    private String contact;

    protected Team() {
    }

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
