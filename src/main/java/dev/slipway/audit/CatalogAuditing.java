package dev.slipway.audit;

import dev.slipway.catalog.EnvironmentCreated;
import dev.slipway.catalog.EnvironmentDeleted;
import dev.slipway.catalog.EnvironmentUpdated;
import dev.slipway.catalog.ServiceCreated;
import dev.slipway.catalog.ServiceDeleted;
import dev.slipway.catalog.ServiceUpdated;
import dev.slipway.catalog.TeamCreated;
import dev.slipway.catalog.TeamDeleted;
import dev.slipway.catalog.TeamUpdated;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the catalog's events (teams, services, environments) into audit entries, in the transaction of the change. */
@Component
@RequiredArgsConstructor
class CatalogAuditing {

    private final AuditRecorder recorder;

    @EventListener
    void on(TeamCreated created) {
        recorder.success(TeamCreated.NAME, "team", created.team().slug(), Changes.created(created.team()));
    }

    @EventListener
    void on(TeamUpdated updated) {
        recorder.success(TeamUpdated.NAME, "team", updated.after().slug(),
                Changes.between(updated.before(), updated.after()));
    }

    @EventListener
    void on(TeamDeleted deleted) {
        recorder.success(TeamDeleted.NAME, "team", deleted.slug());
    }

    @EventListener
    void on(ServiceCreated created) {
        recorder.success(ServiceCreated.NAME, "service", created.service().slug(), Changes.created(created.service()));
    }

    @EventListener
    void on(ServiceUpdated updated) {
        recorder.success(ServiceUpdated.NAME, "service", updated.after().slug(),
                Changes.between(updated.before(), updated.after()));
    }

    @EventListener
    void on(ServiceDeleted deleted) {
        recorder.success(ServiceDeleted.NAME, "service", deleted.slug());
    }

    @EventListener
    void on(EnvironmentCreated created) {
        recorder.success(EnvironmentCreated.NAME, "environment", created.environment().slug(),
                Changes.created(created.environment()));
    }

    @EventListener
    void on(EnvironmentUpdated updated) {
        recorder.success(EnvironmentUpdated.NAME, "environment", updated.after().slug(),
                Changes.between(updated.before(), updated.after()));
    }

    @EventListener
    void on(EnvironmentDeleted deleted) {
        recorder.success(EnvironmentDeleted.NAME, "environment", deleted.slug());
    }
}
