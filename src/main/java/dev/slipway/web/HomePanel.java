package dev.slipway.web;

import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.identity.Role;
import java.util.Arrays;
import java.util.Optional;

/**
 * A panel of the home page: whose home it belongs on (a role) and the permission its data needs. A person sees the
 * panels of each of their roles that they may read. (Public accessors: templates read them.)
 */
enum HomePanel {
    SERVICES("services", "Your services", Role.DEVELOPER, Permission.CATALOG_READ),
    DEPLOYMENTS("deployments", "Deployments in flight and recently failed", Role.DEVELOPER, Permission.CATALOG_READ),
    GRANTS("grants", "Your production access", Role.DEVELOPER, Permission.CATALOG_READ),
    REQUESTS("requests", "Your pending access requests", Role.DEVELOPER, Permission.CATALOG_READ),
    SPEND("spend", "This month's spend", Role.FINANCE, Permission.COSTS_READ),
    COST_ALERTS("cost-alerts", "Budget and anomaly alerts", Role.FINANCE, Permission.COSTS_READ),
    APPROVALS("approvals", "Approvals waiting", Role.ADMIN, Permission.ACCESS_GRANT),
    FREEZE_OVERRIDES("freeze-overrides", "Recent freeze overrides", Role.ADMIN, Permission.FREEZE_OVERRIDE),
    AUDIT_CHAIN("audit-chain", "Audit chain", Role.ADMIN, Permission.AUDIT_READ),
    DRIFT("drift", "Drifted services", Role.ADMIN, Permission.ENVIRONMENT_WRITE),
    FAILURES("failures", "Failed deployments, last 24 hours", Role.ADMIN, Permission.ENVIRONMENT_WRITE);

    private final String id;
    private final String title;
    private final Role role;
    private final Permission permission;

    HomePanel(String id, String title, Role role, Permission permission) {
        this.id = id;
        this.title = title;
        this.role = role;
        this.permission = permission;
    }

    static Optional<HomePanel> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    Role role() {
        return role;
    }

    Permission permission() {
        return permission;
    }

    boolean belongsTo(Actor actor) {
        return actor.has(role);
    }
}
