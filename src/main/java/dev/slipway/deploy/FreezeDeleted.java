package dev.slipway.deploy;

/** A freeze window was removed from an environment. */
public record FreezeDeleted(String environment, long freezeId) {

    /** The audit action and webhook event name. */
    public static final String NAME = "freeze.delete";
}
