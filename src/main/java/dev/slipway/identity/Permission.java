package dev.slipway.identity;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Every action Slipway authorises, with the token scope it needs and who may do it. Actions on a
 * team's things are decided for that team ({@code team} in {@link AccessPolicy}).
 */
public enum Permission {
    CATALOG_READ(Scope.CATALOG_READ, "read the catalog"),
    TEAM_CREATE(Scope.CATALOG_WRITE, "create teams"),
    TEAM_MANAGE(Scope.CATALOG_WRITE, "manage this team and its members"),
    TEAM_DELETE(Scope.CATALOG_WRITE, "delete teams"),
    SERVICE_WRITE(Scope.CATALOG_WRITE, "change this team's services"),
    ENVIRONMENT_WRITE(Scope.CATALOG_WRITE, "change environments"),
    RELEASE_WRITE(Scope.RELEASES_WRITE, "register releases of this team's services"),
    DEPLOY(Scope.DEPLOYMENTS_WRITE, "deploy this team's services"),
    FREEZE_OVERRIDE(Scope.DEPLOYMENTS_WRITE, "deploy during a freeze (break glass)"),
    ACCESS_REQUEST(Scope.ACCESS_REQUEST, "request production access for this team's services"),
    ACCESS_WITHDRAW(Scope.ACCESS_REQUEST, "withdraw your production access request"),
    ACCESS_APPROVE(Scope.ACCESS_ADMIN, "approve production access for this team's services"),
    ACCESS_GRANT(Scope.ACCESS_ADMIN, "grant production access directly"),
    WEBHOOKS_MANAGE(null, "manage webhooks"),
    USER_ADMIN(null, "manage users and service accounts"),
    AUDIT_READ(Scope.AUDIT_READ, "read the audit trail"),
    COSTS_READ(Scope.COSTS_READ, "read costs"),  // a team's own members read its costs
    COSTS_WRITE(Scope.COSTS_WRITE, "import costs and set budgets"),
    METRICS_READ(Scope.METRICS_READ, "read Slipway's metrics");

    private final @Nullable Scope scope;
    private final String description;

    Permission(@Nullable Scope scope, String description) {
        this.scope = scope;
        this.description = description;
    }

    /** The scope a token needs; null where no token may act (people only, in the portal). */
    public @Nullable Scope scope() {
        return scope;
    }

    public String description() {
        return description;
    }

    /** The audit action of a refusal when the caller names none, e.g. catalog.read. */
    public String auditAction() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".").replace('_', '-');
    }

    /** What the actor's roles and memberships allow, before any token limits. */
    boolean allowsRolesOf(Actor actor, @Nullable String team) {
        if (actor.isAdmin()) {
            return true;
        }
        return switch (this) {
            case CATALOG_READ -> true;
            case ACCESS_WITHDRAW -> true; // only the requester gets this far, even one who has since left the team
            case TEAM_MANAGE, ACCESS_APPROVE -> team != null && actor.isMaintainerOf(team);
            case ACCESS_REQUEST -> team != null && actor.isMemberOf(team) && actor.has(Role.DEVELOPER);
            case SERVICE_WRITE, RELEASE_WRITE, DEPLOY -> team != null && actor.isMemberOf(team)
                    && (actor.has(Role.DEVELOPER) || actor.kind() == Actor.Kind.SERVICE_ACCOUNT);
            case COSTS_READ -> actor.has(Role.FINANCE) || team != null && actor.isMemberOf(team);
            case COSTS_WRITE -> actor.has(Role.FINANCE);
            case METRICS_READ -> actor.kind() == Actor.Kind.SERVICE_ACCOUNT; // a scraper, given its token by an admin
            case TEAM_CREATE, TEAM_DELETE, ENVIRONMENT_WRITE, USER_ADMIN, AUDIT_READ, FREEZE_OVERRIDE, ACCESS_GRANT,
                    WEBHOOKS_MANAGE -> false;
        };
    }
}
