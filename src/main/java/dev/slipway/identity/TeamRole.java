package dev.slipway.identity;

/** A member's role in one team: maintainers also manage the team and its members. */
public enum TeamRole {
    MAINTAINER, MEMBER;

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
