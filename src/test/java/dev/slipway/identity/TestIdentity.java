package dev.slipway.identity;

import org.springframework.security.core.context.SecurityContextHolder;

/** Lets tests act as Slipway itself when they set up data through the facades. */
public final class TestIdentity {

    private TestIdentity() {
    }

    public static void actAsSystem() {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ActorAuthentication(Actor.SYSTEM));
        SecurityContextHolder.setContext(context);
    }

    public static void clear() {
        SecurityContextHolder.clearContext();
    }
}
