package dev.slipway.identity;

/** Global roles; a user may hold several. */
public enum Role {
    ADMIN, DEVELOPER, FINANCE;

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
