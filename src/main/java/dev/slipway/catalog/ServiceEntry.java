package dev.slipway.catalog;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A service in the catalog: something a team builds, releases and deploys. */
@Entity
@Table(name = "service")
class ServiceEntry extends CatalogEntry {

    private String name;
    private Long teamId;
    private @Nullable String description;
    private @Nullable String repositoryUrl;
    private @Nullable String imageRepository;

    @Enumerated(EnumType.STRING)
    private Lifecycle lifecycle;

    @ElementCollection
    @CollectionTable(name = "service_cost_tag", joinColumns = @JoinColumn(name = "service_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value")
    private Map<String, String> costTags = new HashMap<>();

    protected ServiceEntry() {
    }

    @SuppressWarnings("NullAway.Init") // apply() sets the remaining columns before the entity is saved
    ServiceEntry(String slug, Instant now) {
        super(slug, now);
    }

    void apply(ServiceRequest request, Team owner, Instant now) {
        this.name = request.name().strip();
        this.teamId = owner.getId();
        this.description = blankToNull(request.description());
        this.repositoryUrl = blankToNull(request.repositoryUrl());
        this.imageRepository = blankToNull(request.imageRepository());
        this.lifecycle = request.lifecycle() == null ? Lifecycle.EXPERIMENTAL : request.lifecycle();
        this.costTags.clear();
        this.costTags.putAll(CostTags.normalised(request.costTags()));
        changedAt(now);
    }

    ServiceView toView(Team owner) {
        return new ServiceView(getSlug(), name, new TeamRef(owner.getSlug(), owner.getName()), description,
                repositoryUrl, imageRepository, lifecycle, CostTags.normalised(costTags), getCreatedAt(), getUpdatedAt());
    }

    Long getTeamId() {
        return teamId;
    }
}
