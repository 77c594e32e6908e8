package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentDeleted;
import dev.slipway.catalog.ServiceDeleted;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Deploy's part when the catalog deletes a service or an environment, in the deleting transaction: the deployments,
 * releases, settings, freezes and drift findings that name it go with it, and the deletion is refused while one of its
 * deployments is underway (a rollout cannot be taken back; it has to end first). It runs before the other listeners:
 * the runner locks a deployment and then appends to the audit trail, so the deployments are locked here before the
 * audit listener takes the trail's lock, never after.
 */
@Component
@RequiredArgsConstructor
class CatalogDeletions {

    private final DeploymentStore deployments;
    private final Releases releases;
    private final DeploySettingsStore settings;
    private final Freezes freezes;
    private final Drift drift;

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ServiceDeleted deleted) {
        var service = CatalogEntry.service(deleted.id());
        deployments.removeAll(service, "Service '" + deleted.slug() + "'");
        releases.removeAll(deleted.id());
        settings.removeAll(service);
        drift.removeAll(service);
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(EnvironmentDeleted deleted) {
        var environment = CatalogEntry.environment(deleted.id());
        deployments.removeAll(environment, "Environment '" + deleted.slug() + "'");
        settings.removeAll(environment);
        freezes.removeAll(deleted.id());
        drift.removeAll(environment);
    }
}
