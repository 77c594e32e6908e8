package dev.slipway.audit;

import dev.slipway.access.AccessChangeFailed;
import dev.slipway.access.AccessRequestApprovalAdded;
import dev.slipway.access.AccessRequestApproved;
import dev.slipway.access.AccessRequestExpired;
import dev.slipway.access.AccessRequestRejected;
import dev.slipway.access.AccessRequestWithdrawn;
import dev.slipway.access.AccessRequested;
import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantCreated;
import dev.slipway.access.GrantExpired;
import dev.slipway.access.GrantRevoked;
import dev.slipway.access.GrantView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the access module's events (requests, decisions, grants) into audit entries, in the transaction of the change. */
@Component
@RequiredArgsConstructor
class AccessAuditing {

    private static final String REQUEST = "access-request";
    private static final String GRANT = "grant";

    private final AuditRecorder recorder;

    @EventListener
    void on(AccessRequested requested) {
        var request = requested.request();
        recorder.success(AccessRequested.NAME, REQUEST, String.valueOf(request.id()), Map.of(
                "scope", new Object[] {null, request.describe()},
                "duration", new Object[] {null, request.duration()},
                "reason", new Object[] {null, request.reason()}));
    }

    @EventListener
    void on(AccessRequestApprovalAdded added) {
        recorder.success(AccessRequestApproved.NAME, REQUEST, String.valueOf(added.request().id()),
                Map.of("approvals", new Object[] {added.approvals() - 1, added.approvals()}));
    }

    @EventListener
    void on(AccessRequestApproved approved) {
        recorder.success(AccessRequestApproved.NAME, REQUEST, String.valueOf(approved.request().id()),
                Map.of("state", new Object[] {"PENDING", "APPROVED"}));
    }

    @EventListener
    void on(AccessRequestRejected rejected) {
        recorder.success(AccessRequestRejected.NAME, REQUEST, String.valueOf(rejected.request().id()),
                Map.of("state", new Object[] {"PENDING", "DENIED"}));
    }

    @EventListener
    void on(AccessRequestWithdrawn withdrawn) {
        recorder.success(AccessRequestWithdrawn.NAME, REQUEST, String.valueOf(withdrawn.requestId()));
    }

    @EventListener
    void on(AccessRequestExpired expired) {
        recorder.success(AccessRequestExpired.NAME, REQUEST, String.valueOf(expired.request().id()));
    }

    @EventListener
    void on(GrantCreated created) {
        GrantView grant = created.grant();
        var changes = new LinkedHashMap<String, Object[]>();
        changes.put("subject", new Object[] {null, grant.subjectKind().toLowerCase(Locale.ROOT) + " " + grant.subject()});
        changes.put("actions", new Object[] {null, String.join(",", grant.actions().stream().map(GrantAction::id).toList())});
        changes.put("scope", new Object[] {null, grant.scopeText()});
        changes.put("environments", new Object[] {null, String.join(",", grant.environments())});
        changes.put("startsAt", new Object[] {null, grant.startsAt()});
        changes.put("endsAt", new Object[] {null, grant.endsAt()});
        changes.put("reason", new Object[] {null, grant.reason()});
        recorder.success(GrantCreated.NAME, GRANT, String.valueOf(grant.id()), changes);
    }

    @EventListener
    void on(GrantRevoked revoked) {
        GrantView grant = revoked.grant();
        recorder.success(GrantRevoked.NAME, GRANT, String.valueOf(grant.id()), Map.of(
                "revokedAt", new Object[] {null, grant.revokedAt()},
                "revokeReason", new Object[] {null, grant.revokeReason()}));
    }

    @EventListener
    void on(GrantExpired expired) {
        recorder.success(GrantExpired.NAME, GRANT, String.valueOf(expired.grant().id()));
    }

    @EventListener
    void on(AccessChangeFailed failed) {
        recorder.failed(failed.action(), failed.targetType(), failed.targetId(), failed.reason());
    }
}
