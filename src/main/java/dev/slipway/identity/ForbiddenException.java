package dev.slipway.identity;

import dev.slipway.shared.InsufficientScope;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;

/** The actor may not do this; the message says what right would be needed. Nothing was changed. */
public class ForbiddenException extends AccessDeniedException implements InsufficientScope {

    private final Permission permission;
    private final @Nullable Scope missingScope;

    ForbiddenException(Permission permission, String message, @Nullable Scope missingScope) {
        super(message);
        this.permission = permission;
        this.missingScope = missingScope;
    }

    public Permission permission() {
        return permission;
    }

    /**
     * The scope the token lacks; null when the refusal is for something else (the owner's roles or
     * teams, the token's team restriction, or an action tokens may not take at all).
     */
    public @Nullable Scope missingScope() {
        return missingScope;
    }

    @Override
    public @Nullable String requiredScope() {
        return missingScope == null ? null : missingScope.id();
    }
}
