package dev.slipway.identity;

import java.util.Locale;

/** Global roles; a user may hold several. */
public enum Role {
    ADMIN, DEVELOPER, FINANCE;

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
