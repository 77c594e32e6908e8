package dev.slipway.catalog.web;

import dev.slipway.catalog.TeamRequest;
import dev.slipway.catalog.TeamView;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** The team form as the browser posts it. */
class TeamForm {

    private @Nullable String slug;
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable String contact;

    static TeamForm of(TeamView team) {
        var form = new TeamForm();
        form.slug = team.slug();
        form.name = team.name();
        form.description = team.description();
        form.contact = team.contact();
        return form;
    }

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    TeamRequest toRequest() {
        return new TeamRequest(slug, name, description, contact);
    }

    public @Nullable String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public @Nullable String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public @Nullable String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public @Nullable String getContact() { return contact; }
    public void setContact(String contact) { this.contact = contact; }
}
