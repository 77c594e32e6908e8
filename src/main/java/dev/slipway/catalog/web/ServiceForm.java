package dev.slipway.catalog.web;

import dev.slipway.catalog.CostTags;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceView;
import dev.slipway.shared.FieldError;
import java.util.List;

/** The service form as the browser posts it; cost tags arrive as text, one key=value a line. */
class ServiceForm {

    private String slug;
    private String name;
    private String team;
    private String description;
    private String repositoryUrl;
    private String imageRepository;
    private String lifecycle = Lifecycle.EXPERIMENTAL.id();
    private String costTags;

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

    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getRepositoryUrl() { return repositoryUrl; }
    public void setRepositoryUrl(String repositoryUrl) { this.repositoryUrl = repositoryUrl; }
    public String getImageRepository() { return imageRepository; }
    public void setImageRepository(String imageRepository) { this.imageRepository = imageRepository; }
    public String getLifecycle() { return lifecycle; }
    public void setLifecycle(String lifecycle) { this.lifecycle = lifecycle; }
    public String getCostTags() { return costTags; }
    public void setCostTags(String costTags) { this.costTags = costTags; }
}
