package dev.slipway.deploy;

/** What every deployment event says about its deployment, so listeners need not read it back. */
public record DeploymentFacts(long id, String service, String team, String environment, String environmentName,
        boolean production, String version, String requestedBy, Long rollbackOf) {
}
