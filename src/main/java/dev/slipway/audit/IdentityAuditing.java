package dev.slipway.audit;

import dev.slipway.identity.AccessDenied;
import dev.slipway.identity.MembershipRemoved;
import dev.slipway.identity.MembershipSet;
import dev.slipway.identity.PasswordChangeRefused;
import dev.slipway.identity.PasswordChanged;
import dev.slipway.identity.PasswordReset;
import dev.slipway.identity.ServiceAccountCreated;
import dev.slipway.identity.TokenCreated;
import dev.slipway.identity.TokenRevoked;
import dev.slipway.identity.UserCreated;
import dev.slipway.identity.UserDisabled;
import dev.slipway.identity.UserEnabled;
import dev.slipway.identity.UserUpdated;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns identity's events (users, tokens, memberships, and every refusal of the access policy) into audit entries:
 * changes in their transaction, refusals in one of their own.
 */
@Component
@RequiredArgsConstructor
class IdentityAuditing {

    private final AuditRecorder recorder;

    @EventListener
    void on(AccessDenied denied) {
        recorder.denied(denied.action(), denied.targetType(), denied.targetId(), denied.reason());
    }

    @EventListener
    void on(TokenCreated created) {
        var token = created.token();
        recorder.success(TokenCreated.NAME, "token", String.valueOf(token.id()), Map.of(
                "owner", new Object[] {null, token.owner()}, "scopes", new Object[] {null, token.scopes()},
                "team", new Object[] {null, token.team()}, "expiresAt", new Object[] {null, token.expiresAt()}));
    }

    @EventListener
    void on(TokenRevoked revoked) {
        recorder.success(TokenRevoked.NAME, "token", String.valueOf(revoked.tokenId()));
    }

    @EventListener
    void on(UserCreated created) {
        recorder.success(UserCreated.NAME, "user", created.user().username(), Changes.created(created.user()));
    }

    @EventListener
    void on(UserUpdated updated) {
        recorder.success(UserUpdated.NAME, "user", updated.after().username(),
                Changes.between(updated.before(), updated.after()));
    }

    @EventListener
    void on(UserEnabled enabled) {
        recorder.success(UserEnabled.NAME, "user", enabled.username());
    }

    @EventListener
    void on(UserDisabled disabled) {
        recorder.success(UserDisabled.NAME, "user", disabled.username());
    }

    @EventListener
    void on(PasswordReset reset) {
        recorder.success(PasswordReset.NAME, "user", reset.username());
    }

    @EventListener
    void on(PasswordChanged changed) {
        recorder.success(PasswordChanged.NAME, "user", changed.username());
    }

    @EventListener
    void on(PasswordChangeRefused refused) {
        recorder.failed(PasswordChanged.NAME, "user", refused.username(), refused.reason());
    }

    @EventListener
    void on(ServiceAccountCreated created) {
        recorder.success(ServiceAccountCreated.NAME, "user", created.account().username(),
                Changes.created(created.account()));
    }

    @EventListener
    void on(MembershipSet set) {
        recorder.success(MembershipSet.NAME, "team", set.team(),
                Map.of(set.username(), new Object[] {null, set.role().name()}));
    }

    @EventListener
    void on(MembershipRemoved removed) {
        recorder.success(MembershipRemoved.NAME, "team", removed.team(),
                Map.of(removed.username(), new Object[] {"member", null}));
    }
}
