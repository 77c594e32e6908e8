package dev.slipway.notify.web;

import dev.slipway.notify.WebhookEvent;
import dev.slipway.notify.WebhookRequest;
import dev.slipway.notify.WebhookView;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** The webhook form as the browser posts it; the secret is never filled in from what is stored. */
class WebhookForm {

    private @Nullable String name;
    private @Nullable String url;
    private @Nullable String secret;
    private List<String> events = List.of();

    static WebhookForm of(WebhookView webhook) {
        var form = new WebhookForm();
        form.name = webhook.name();
        form.url = webhook.url();
        form.events = webhook.events().stream().map(WebhookEvent::id).toList();
        return form;
    }

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    WebhookRequest toRequest() {
        return new WebhookRequest(name, url, secret, events);
    }

    public @Nullable String getName() { return name; }
    public void setName(String value) { this.name = value; }
    public @Nullable String getUrl() { return url; }
    public void setUrl(String value) { this.url = value; }
    public @Nullable String getSecret() { return secret; }
    public void setSecret(String value) { this.secret = value; }
    public List<String> getEvents() { return events; }
    public void setEvents(List<String> value) { this.events = value == null ? List.of() : value; }
}
