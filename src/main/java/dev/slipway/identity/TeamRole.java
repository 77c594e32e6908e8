package dev.slipway.identity;

import java.util.Locale;

/** A member's role in one team: maintainers also manage the team and its members. */
public enum TeamRole {
    MAINTAINER, MEMBER;

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
