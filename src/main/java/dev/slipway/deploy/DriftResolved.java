package dev.slipway.deploy;

/** A cluster runs the service's last successful deployment again. */
public record DriftResolved(String service, String environment) {

    /** The audit action and webhook event name. */
    public static final String NAME = "drift.resolved";
}
