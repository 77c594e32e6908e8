package dev.slipway.notify;

import dev.slipway.cost.CostAlertRaised;
import dev.slipway.cost.CostAlertView;
import java.util.LinkedHashMap;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells webhooks about cost alerts: budget thresholds crossed and anomalies, in the transaction that raises them. */
@Component
@RequiredArgsConstructor
class CostNotices {

    private final WebhookOutbox outbox;

    @EventListener
    void on(CostAlertRaised raised) {
        CostAlertView alert = raised.alert();
        var details = new LinkedHashMap<String, Object>();
        details.put("alert", alert.id());
        details.put("kind", alert.kind());
        details.put(alert.scopeType().toLowerCase(Locale.ROOT), alert.scope());
        details.put("period", alert.period().toString());
        if (alert.threshold() != null) {
            details.put("threshold", alert.threshold());
        }
        details.put("currency", alert.currency());
        details.put("amount", alert.amount().toPlainString());
        outbox.queue(new Notification(WebhookEvent.of(raised.name()), alert.message(), details));
    }
}
