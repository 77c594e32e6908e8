package dev.slipway.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "team")
class Team {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String slug;

    private String name;
    private @Nullable String description;
    private @Nullable String contact;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Team() {
    }

    @SuppressWarnings("NullAway.Init") // apply() sets the remaining columns before the entity is saved
    Team(String slug, Instant now) {
        this.slug = slug;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void apply(TeamRequest request, Instant now) {
        this.name = request.name().strip();
        this.description = blankToNull(request.description());
        this.contact = blankToNull(request.contact());
        this.updatedAt = now;
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    TeamView toView(long serviceCount) {
        return new TeamView(slug, name, description, contact, serviceCount, createdAt, updatedAt);
    }

    Long getId() {
        return id;
    }

    String getSlug() {
        return slug;
    }

    String getName() {
        return name;
    }
}
