package dev.slipway.identity;

import java.util.function.Supplier;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one authorization policy: decides every action, for the portal and the API alike. Admins may
 * do everything; developers change the services of teams they belong to; maintainers also manage
 * their team; finance reads costs; everyone signed in reads the catalog. A token is limited to the
 * intersection of its owner's rights, its scopes and its team restriction.
 */
@Component("access")
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AccessPolicy {

    private final ApplicationEventPublisher events;

    /** The actor of the current request. */
    public Actor current() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
            return actor;
        }
        throw new AuthenticationCredentialsNotFoundException("Sign in, or send an API token");
    }

    /** The actor of the current request, or null when nobody is signed in (for templates). */
    public @Nullable Actor signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor actor ? actor : null;
    }

    public boolean can(Permission permission) {
        return can(permission, null);
    }

    /** For templates: whether to show a control. The server enforces with {@link #require} regardless. */
    public boolean can(Permission permission, @Nullable String team) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor actor
                && decide(actor, permission, team) == null;
    }

    /** For templates: whether the actor may do this for at least one team (e.g. to offer "New service"). */
    public boolean canInAnyTeam(Permission permission) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication != null && authentication.getPrincipal() instanceof Actor actor)) {
            return false;
        }
        return decide(actor, permission, null) == null
                || actor.teams().keySet().stream().anyMatch(team -> decide(actor, permission, team) == null);
    }

    public void require(Permission permission) {
        require(permission, null);
    }

    public void require(Permission permission, @Nullable String team) {
        require(permission, team, permission.auditAction(), team == null ? null : "team", team);
    }

    /**
     * Refuses the current actor unless they may do this; a refusal is recorded in the audit trail as
     * {@code action} on the target, with the reason.
     */
    public void require(Permission permission, @Nullable String team, String action, @Nullable String targetType, @Nullable String targetId) {
        Actor actor = current();
        ForbiddenException refusal = decide(actor, permission, team);
        if (refusal != null) {
            denied(action, targetType, targetId, refusal.getMessage());
            throw refusal;
        }
    }

    /**
     * Records a refusal that a module decided by a rule of its own (the two-person rule, a missing production grant,
     * a frozen environment), as the policy records its own; the caller then throws.
     */
    public void denied(String action, @Nullable String targetType, @Nullable String targetId, @Nullable String reason) {
        events.publishEvent(new AccessDenied(action, targetType, targetId, reason));
    }

    /** Runs work that Slipway does on its own behalf (seeding, scheduled jobs) as the system actor. */
    public <T> T asSystem(Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext system = SecurityContextHolder.createEmptyContext();
        system.setAuthentication(new ActorAuthentication(Actor.SYSTEM));
        SecurityContextHolder.setContext(system);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public void asSystem(Runnable work) {
        asSystem(() -> {
            work.run();
            return null;
        });
    }

    static @Nullable ForbiddenException decide(Actor actor, Permission permission, @Nullable String team) {
        if (!permission.allowsRolesOf(actor, team)) {
            return new ForbiddenException(permission, "You may not " + permission.description()
                    + (team == null ? "" : " (team '" + team + "')") + "." + hint(actor, permission), null);
        }
        Actor.TokenGrant token = actor.token();
        if (token == null) {
            return null;
        }
        if (permission.scope() == null) {
            return new ForbiddenException(permission, "API tokens may not " + permission.description()
                    + "; do it in the portal.", null);
        }
        if (!token.scopes().contains(permission.scope())) {
            return new ForbiddenException(permission, "This token lacks the scope '" + permission.scope().id()
                    + "' needed to " + permission.description() + ". Create a token with that scope.", permission.scope());
        }
        if (token.team() != null && permission != Permission.CATALOG_READ && !token.team().equals(team)) {
            return new ForbiddenException(permission, "This token is restricted to team '" + token.team()
                    + "' and may not " + permission.description()
                    + (team == null ? "" : " of team '" + team + "'") + ".", null);
        }
        return null;
    }

    private static String hint(Actor actor, Permission permission) {
        return switch (permission) {
            case SERVICE_WRITE, RELEASE_WRITE, DEPLOY -> actor.has(Role.DEVELOPER) ? " Ask a maintainer of the team to add you to it."
                    : " It takes the developer role and membership of the team.";
            case TEAM_MANAGE -> " Ask a maintainer of the team or an administrator.";
            default -> " Ask an administrator.";
        };
    }
}
