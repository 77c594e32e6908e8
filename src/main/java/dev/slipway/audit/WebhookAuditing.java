package dev.slipway.audit;

import dev.slipway.notify.DeliveryRetried;
import dev.slipway.notify.WebhookCreated;
import dev.slipway.notify.WebhookDeleted;
import dev.slipway.notify.WebhookDisabled;
import dev.slipway.notify.WebhookEnabled;
import dev.slipway.notify.WebhookTested;
import dev.slipway.notify.WebhookUpdated;
import java.util.Map;
import java.util.TreeMap;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the notify module's events (webhooks and their deliveries) into audit entries, in the transaction of the change. */
@Component
@RequiredArgsConstructor
class WebhookAuditing {

    private static final String WEBHOOK = "webhook";

    private final AuditRecorder recorder;

    @EventListener
    void on(WebhookCreated created) {
        recorder.success(WebhookCreated.NAME, WEBHOOK, String.valueOf(created.webhook().id()),
                Changes.created(created.webhook()));
    }

    @EventListener
    void on(WebhookUpdated updated) {
        var changes = new TreeMap<>(Changes.between(updated.before(), updated.after()));
        if (updated.secretReplaced()) {
            changes.put("secret", new Object[] {"(hidden)", "(replaced)"});
        }
        recorder.success(WebhookUpdated.NAME, WEBHOOK, String.valueOf(updated.after().id()), changes);
    }

    @EventListener
    void on(WebhookDeleted deleted) {
        var webhook = deleted.webhook();
        recorder.success(WebhookDeleted.NAME, WEBHOOK, String.valueOf(webhook.id()),
                Map.of("name", new Object[] {webhook.name(), null}, "url", new Object[] {webhook.url(), null}));
    }

    @EventListener
    void on(WebhookEnabled enabled) {
        recorder.success(WebhookEnabled.NAME, WEBHOOK, String.valueOf(enabled.after().id()),
                Changes.between(enabled.before(), enabled.after()));
    }

    @EventListener
    void on(WebhookDisabled disabled) {
        recorder.success(WebhookDisabled.NAME, WEBHOOK, String.valueOf(disabled.after().id()),
                Changes.between(disabled.before(), disabled.after()));
    }

    @EventListener
    void on(WebhookTested tested) {
        recorder.success(WebhookTested.NAME, WEBHOOK, String.valueOf(tested.webhookId()),
                Map.of("delivery", new Object[] {null, tested.deliveryId()}));
    }

    @EventListener
    void on(DeliveryRetried retried) {
        recorder.success(DeliveryRetried.NAME, WEBHOOK, String.valueOf(retried.webhookId()), Map.of(
                "delivery", new Object[] {null, retried.deliveryId()},
                "state", new Object[] {retried.was().name(), "PENDING"}));
    }
}
