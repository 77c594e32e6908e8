package dev.slipway.testsupport;

import dev.slipway.audit.AuditFilter;
import dev.slipway.audit.AuditRecord;
import dev.slipway.audit.AuditTrail;
import dev.slipway.identity.AccessPolicy;
import java.util.List;
import org.springframework.context.ApplicationContext;

/** Reads the audit trail through its facade, as the system, so a test of another module does not read its table. */
public final class TestAudit {

    private final AuditTrail trail;
    private final AccessPolicy access;

    public TestAudit(ApplicationContext context) {
        this.trail = context.getBean(AuditTrail.class);
        this.access = context.getBean(AccessPolicy.class);
    }

    /** The client addresses the events of this action on this target were recorded with, newest first. */
    public List<String> addresses(String action, String targetId) {
        var filter = new AuditFilter(null, action, null, targetId, null, null, null);
        return access.asSystem(() -> trail.search(filter, null, 100).items().stream().map(AuditRecord::address).toList());
    }
}
