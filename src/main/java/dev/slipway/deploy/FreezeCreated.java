package dev.slipway.deploy;

/** A freeze window was set on an environment. */
public record FreezeCreated(String environment, FreezeView freeze) {

    /** The audit action and webhook event name. */
    public static final String NAME = "freeze.create";
}
