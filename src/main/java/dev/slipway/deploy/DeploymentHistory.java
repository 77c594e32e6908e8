package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finished deployments as history: records deployments that happened before Slipway knew of them, and reads every
 * finished deployment back, one record each, for delivery metrics. Recording publishes no deployment lifecycle
 * events — the deployments are over, so nothing is announced or followed; a release it has to create is registered
 * like any other (audited, {@code ReleaseRegistered}). It writes through {@link Releases} and {@link DeploymentStore},
 * the tables' writers.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class DeploymentHistory {

    /** Narrows the history; {@code team}, {@code service} and {@code environment} may be null. */
    public record Filter(String team, String service, String environment, Instant finishedSince) {
    }

    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final Releases releases;
    private final DeploymentStore store;
    private final Clock clock;

    /** Records one past deployment; needs the right to deploy the service. Returns its id. */
    public long record(PastDeployment past) {
        ServiceRef service = services.ref(past.service());
        EnvironmentRef environment = environments.ref(past.environment());
        access.require(Permission.DEPLOY, service.team(), DeploymentQueued.NAME, "service", service.slug());
        if (past.requestedAt().isAfter(past.startedAt()) || past.startedAt().isAfter(past.finishedAt())) {
            throw new InvalidInputException("finishedAt", "must come after startedAt, which must come after requestedAt");
        }
        if (past.finishedAt().isAfter(clock.instant())) {
            throw new InvalidInputException("finishedAt", "must be in the past");
        }
        Actor actor = access.current();
        long releaseId = releases.pastRelease(service, past.version(), past.commitTime(), past.requestedAt());
        Long rollbackOf = past.rollbackOfVersion() == null ? null
                : store.latestOf(service.id(), environment.id(), past.rollbackOfVersion(), past.requestedAt())
                        .orElseThrow(() -> new InvalidInputException("rollbackOfVersion", "no deployment of "
                                + past.rollbackOfVersion() + " to " + environment.slug() + " before this one"));
        return store.recordPast(new DeploymentStore.NewDeployment(service.id(), environment.id(), releaseId,
                actor.userId(), actor.username(), "Recorded from history", rollbackOf, null, null, null), past);
    }

    /** Every deployment that finished (succeeded or failed) since the given time, oldest first. */
    @Transactional(readOnly = true)
    public List<FinishedDeployment> finished(Filter filter) {
        return store.finished(filter);
    }
}
