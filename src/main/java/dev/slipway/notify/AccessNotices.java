package dev.slipway.notify;

import dev.slipway.access.AccessRequestExpired;
import dev.slipway.access.AccessRequestRejected;
import dev.slipway.access.AccessRequestView;
import dev.slipway.access.AccessRequested;
import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantCreated;
import dev.slipway.access.GrantExpired;
import dev.slipway.access.GrantRevoked;
import dev.slipway.access.GrantView;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells webhooks about production access: requests, decisions, grants, revocations and expiries. */
@Component
@RequiredArgsConstructor
class AccessNotices {

    private final WebhookOutbox outbox;

    @EventListener
    void on(AccessRequested requested) {
        AccessRequestView r = requested.request();
        outbox.queue(new Notification(WebhookEvent.ACCESS_REQUESTED, r.requester() + " requests access to "
                + r.describe() + " for " + r.durationText() + ": " + r.reason() + " (request " + r.id() + ", "
                + r.approvalsRequired() + " approval" + (r.approvalsRequired() == 1 ? "" : "s") + " needed)",
                details(r)));
    }

    @EventListener
    void on(AccessRequestRejected rejected) {
        AccessRequestView r = rejected.request();
        outbox.queue(new Notification(WebhookEvent.ACCESS_DENIED, r.decidedBy() + " denied " + r.requester()
                + "'s request " + r.id() + " for access to " + describe(r)
                + (r.decisionComment() == null ? "" : ": " + r.decisionComment()), details(r)));
    }

    @EventListener
    void on(AccessRequestExpired expired) {
        AccessRequestView r = expired.request();
        outbox.queue(new Notification(WebhookEvent.ACCESS_REQUEST_EXPIRED, r.requester() + "'s request " + r.id()
                + " for access to " + describe(r) + " expired without enough approvals", details(r)));
    }

    @EventListener
    void on(GrantCreated created) {
        GrantView g = created.grant();
        String text = g.requestId() == null
                ? g.createdBy() + " granted " + g.subject() + " access to " + g.describe() + " until " + g.endsAt()
                        + ": " + g.reason()
                : g.createdBy() + " approved " + g.subject() + "'s access to " + g.describe() + " until "
                        + g.endsAt() + " (request " + g.requestId() + ", grant " + g.id() + ")";
        outbox.queue(new Notification(WebhookEvent.ACCESS_GRANTED, text, details(g)));
    }

    @EventListener
    void on(GrantRevoked revoked) {
        GrantView g = revoked.grant();
        outbox.queue(new Notification(WebhookEvent.ACCESS_REVOKED, g.revokedBy() + " revoked grant " + g.id() + " of "
                + g.subject() + " (" + g.describe() + ")" + (g.revokeReason() == null ? "" : ": " + g.revokeReason()),
                details(g)));
    }

    @EventListener
    void on(GrantExpired expired) {
        GrantView g = expired.grant();
        outbox.queue(new Notification(WebhookEvent.ACCESS_EXPIRED, "Grant " + g.id() + " of " + g.subject() + " ("
                + g.describe() + ") expired", details(g)));
    }

    private static String describe(AccessRequestView request) {
        return request.describe() + " for " + request.durationText();
    }

    private static Map<String, Object> details(AccessRequestView request) {
        var details = new LinkedHashMap<String, Object>();
        details.put("request", request.id());
        details.put("requester", request.requester());
        details.put("actions", request.actions().stream().map(GrantAction::id).toList());
        details.put("team", request.team());
        details.put("services", request.services());
        details.put("environments", request.environments());
        details.put("duration", request.duration().toString());
        details.put("reason", request.reason());
        details.put("state", request.state().name());
        return details;
    }

    private static Map<String, Object> details(GrantView grant) {
        var details = new LinkedHashMap<String, Object>();
        details.put("grant", grant.id());
        details.put("subject", grant.subject());
        details.put("actions", grant.actions().stream().map(GrantAction::id).toList());
        details.put("team", grant.team());
        details.put("services", grant.services());
        details.put("environments", grant.environments());
        details.put("startsAt", grant.startsAt().toString());
        details.put("endsAt", grant.endsAt().toString());
        details.put("reason", grant.reason());
        return details;
    }
}
