package dev.slipway.deploy;

/** A release (an image version) of a service was registered. */
public record ReleaseRegistered(ReleaseView release) {

    /** The audit action and webhook event name. */
    public static final String NAME = "release.create";
}
