package dev.slipway.access;

import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the deploy module asks before it touches production: outside production the team rights
 * suffice; in production the actor also needs an active grant covering exactly the action, the
 * service and the environment. Asked when a deployment is requested and again when it starts.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ProductionAccess {

    private final Grants grants;
    private final AccessPolicy access;
    private final Clock clock;

    /**
     * Refuses the current actor unless a grant covers this; the refusal is recorded as {@code auditAction}
     * on the target. Returns the covering grant's id, or null outside production or for Slipway's own
     * work (an automatic rollback).
     */
    public @Nullable Long require(GrantAction action, ServiceRef service, EnvironmentRef environment, String auditAction,
            String targetType, String targetId) {
        if (!environment.production()) {
            return null;
        }
        Actor actor = access.current();
        if (actor.kind() == Actor.Kind.SYSTEM) {
            return null;
        }
        Optional<Long> grant = grants.covering(Objects.requireNonNull(actor.userId()), action, service.team(), service.slug(),
                environment.slug(), clock.instant());
        if (grant.isPresent()) {
            return grant.get();
        }
        String message = "Production access needed: to " + action.verb() + " " + service.slug() + " in "
                + environment.name() + " you need an active grant for '" + action.id() + "' on " + service.slug()
                + " in " + environment.slug() + ", and " + (actor.kind() == Actor.Kind.SERVICE_ACCOUNT
                ? actor.username() + " has none. Ask an administrator for a standing grant to this service account."
                : "you have none. Request one (POST /api/v1/access/requests, or the Access page of the portal); "
                        + "an approver must approve it.");
        access.denied(auditAction, targetType, targetId, "no production access grant for " + action.id() + " on "
                + service.slug() + " in " + environment.slug());
        throw new GrantRequiredException(message, action, service.slug(), environment.slug());
    }

    /** The current actor's grant that covers this now, if any (for showing it beside the Deploy button). */
    public Optional<GrantView> currentGrant(GrantAction action, ServiceRef service, EnvironmentRef environment) {
        Actor actor = access.signedIn();
        if (actor == null || actor.userId() == null || !environment.production()) {
            return Optional.empty();
        }
        return grants.covering(actor.userId(), action, service.team(), service.slug(), environment.slug(),
                clock.instant()).map(grants::find);
    }

    /**
     * Asked when a production deployment starts: whether its requester is still covered. Returns why not
     * (naming the grant that was revoked or ran out meanwhile), or empty when it may go ahead.
     */
    public Optional<String> refusalAtStart(Long requesterId, @Nullable Long grantId, GrantAction action, ServiceRef service,
            EnvironmentRef environment) {
        if (!environment.production() || requesterId == null) {
            return Optional.empty();
        }
        if (grants.covering(requesterId, action, service.team(), service.slug(), environment.slug(), clock.instant())
                .isPresent()) {
            return Optional.empty();
        }
        String need = "No access grant covers '" + action.id() + "' on " + service.slug() + " in " + environment.slug()
                + " any more";
        if (grantId == null) {
            return Optional.of(need + "; request access and deploy again.");
        }
        GrantView grant = grants.find(grantId);
        String what = switch (grant.status()) {
            case REVOKED -> "grant " + grantId + " was revoked by " + grant.revokedBy() + " at " + grant.revokedAt()
                    + (grant.revokeReason() == null ? "" : " (" + grant.revokeReason() + ")");
            case EXPIRED -> "grant " + grantId + " expired at " + grant.endsAt();
            default -> "grant " + grantId + " no longer covers it";
        };
        return Optional.of(need + ": " + what + " while the deployment was queued. Request access again and "
                + "deploy again.");
    }
}
