package dev.slipway.catalog.web;

import dev.slipway.catalog.TeamRequest;
import dev.slipway.catalog.TeamView;

/** The team form as the browser posts it. */
class TeamForm {

    private String slug;
    private String name;
    private String description;
    private String contact;

    static TeamForm of(TeamView team) {
        var form = new TeamForm();
        form.slug = team.slug();
        form.name = team.name();
        form.description = team.description();
        form.contact = team.contact();
        return form;
    }

    TeamRequest toRequest() {
        return new TeamRequest(slug, name, description, contact);
    }

    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getContact() { return contact; }
    public void setContact(String contact) { this.contact = contact; }
}
