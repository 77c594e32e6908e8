package dev.slipway.catalog.web;

import dev.slipway.catalog.CostTags;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceView;
import dev.slipway.shared.FieldError;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** The service form as the browser posts it; cost tags arrive as text, one key=value a line. */
class ServiceForm {

    private @Nullable String slug;
    private @Nullable String name;
    private @Nullable String team;
    private @Nullable String description;
    private @Nullable String repositoryUrl;
    private @Nullable String imageRepository;
    private String lifecycle = Lifecycle.EXPERIMENTAL.id();
    private @Nullable String costTags;

    static ServiceForm of(ServiceView service) {
        var form = new ServiceForm();
        form.slug = service.slug();
        form.name = service.name();
        form.team = service.team().slug();
        form.description = service.description();
        form.repositoryUrl = service.repositoryUrl();
        form.imageRepository = service.imageRepository();
        form.lifecycle = service.lifecycle().id();
        form.costTags = CostTags.format(service.costTags());
        return form;
    }

    /** The request this form stands for; problems the text itself has are added to {@code errors}. */
    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    ServiceRequest toRequest(List<FieldError> errors) {
        Lifecycle parsedLifecycle = null;
        try {
            parsedLifecycle = Lifecycle.of(lifecycle);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("lifecycle", e.getMessage()));
        }
        return new ServiceRequest(slug, name, team, description, repositoryUrl, imageRepository, parsedLifecycle,
                CostTags.parse(costTags, errors));
    }

    public @Nullable String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public @Nullable String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public @Nullable String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public @Nullable String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public @Nullable String getRepositoryUrl() { return repositoryUrl; }
    public void setRepositoryUrl(String repositoryUrl) { this.repositoryUrl = repositoryUrl; }
    public @Nullable String getImageRepository() { return imageRepository; }
    public void setImageRepository(String imageRepository) { this.imageRepository = imageRepository; }
    public String getLifecycle() { return lifecycle; }
    public void setLifecycle(String lifecycle) { this.lifecycle = lifecycle; }
    public @Nullable String getCostTags() { return costTags; }
    public void setCostTags(String costTags) { this.costTags = costTags; }
}
