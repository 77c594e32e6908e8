package dev.slipway.deploy;

/** How a service runs in an environment (replicas, resources, probes, variables) was changed. */
public record DeploySettingsChanged(String service, String environment, DeploySettings before, DeploySettings after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "deploy-settings.update";
}
