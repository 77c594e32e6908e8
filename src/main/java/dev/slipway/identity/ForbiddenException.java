package dev.slipway.identity;

import org.springframework.security.access.AccessDeniedException;

/** The actor may not do this; the message says what right would be needed. Nothing was changed. */
public class ForbiddenException extends AccessDeniedException {

    private final Permission permission;
    private final boolean missingScope;

    ForbiddenException(Permission permission, String message, boolean missingScope) {
        super(message);
        this.permission = permission;
        this.missingScope = missingScope;
    }

    public Permission permission() {
        return permission;
    }

    /** True when the token lacks the scope, as opposed to its owner lacking the right. */
    public boolean missingScope() {
        return missingScope;
    }
}
