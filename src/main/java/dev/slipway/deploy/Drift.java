package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ScheduledJobs;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Drift: on a schedule ({@code slipway.deploy.drift-interval}, 5 minutes by default), compares the
 * image each service runs in each environment with the release Slipway last deployed there
 * successfully. A difference is flagged and audited once, when found; it clears when they agree again.
 */
@Component
public class Drift implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Drift.class);

    private record Expected(long serviceId, long environmentId, String service, String team, String environment,
            String cluster, String image) {
    }

    private final JdbcClient jdbc;
    private final Clusters clusters;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledJobs jobs;

    Drift(JdbcClient jdbc, Clusters clusters, EnvironmentCatalog environments, AccessPolicy access,
            ApplicationEventPublisher events, DeployProperties properties, Clock clock, ScheduledJobs jobs) {
        this.interval = properties.driftInterval();
        this.environments = environments;
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.access = access;
        this.events = events;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** Open findings, optionally for one service. */
    public List<DriftView> findings(@Nullable String service) {
        access.require(Permission.CATALOG_READ);
        return jdbc.sql("""
                select s.slug as service, e.slug as environment, f.expected_image, f.live_image, f.found_at
                from drift_finding f
                join catalog_services s on s.id = f.service_id join catalog_environments e on e.id = f.environment_id
                where f.resolved_at is null and (?::text is null or s.slug = ?) order by s.slug, e.position""")
                .params(service, service)
                .query(DriftView.class)
                .list();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("deploy-drift", this::check, interval, interval));
    }

    public void check() {
        access.asSystem(() -> {
            for (Expected expected : expectations()) {
                try {
                    compare(expected);
                } catch (RuntimeException e) {
                    log.warn("Could not check drift of {} in {}: {}", expected.service(), expected.environment(),
                            e.getMessage());
                }
            }
        });
    }

    private void compare(Expected expected) {
        String namespace = environments.ref(expected.environment()).namespaceFor(expected.team(), expected.service());
        Deployment live = clusters.client(expected.cluster()).apps().deployments().inNamespace(namespace)
                .withName(expected.service()).get();
        String liveImage = Optional.ofNullable(live)
                .map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).orElse(null);
        if (expected.image().equals(liveImage)) {
            int resolved = jdbc.sql("update drift_finding set resolved_at = ? where service_id = ? and environment_id = ? "
                            + "and resolved_at is null")
                    .params(Timestamp.from(clock.instant()), expected.serviceId(), expected.environmentId()).update();
            if (resolved > 0) {
                events.publishEvent(new DriftResolved(expected.service(), expected.environment()));
            }
            return;
        }
        int found = jdbc.sql("""
                insert into drift_finding (service_id, environment_id, expected_image, live_image, found_at)
                values (?, ?, ?, ?, ?) on conflict (service_id, environment_id) where resolved_at is null do nothing""")
                .params(expected.serviceId(), expected.environmentId(), expected.image(), liveImage,
                        Timestamp.from(clock.instant()))
                .update();
        if (found > 0) {
            events.publishEvent(new DriftDetected(expected.service(), expected.environment(), expected.image(), liveImage));
        }
    }

    /** Removes the findings about a service or environment the catalog is deleting. */
    void removeAll(CatalogEntry deleted) {
        jdbc.sql("delete from drift_finding where " + deleted.matches()).param(deleted.id()).update();
    }

    private List<Expected> expectations() {
        return jdbc.sql("""
                select distinct on (d.service_id, d.environment_id) d.service_id, d.environment_id, s.slug as service,
                       s.team_slug as team, e.slug as environment, e.cluster, r.image
                from deployment d join catalog_services s on s.id = d.service_id
                join catalog_environments e on e.id = d.environment_id join release r on r.id = d.release_id
                where d.state = 'SUCCEEDED'
                order by d.service_id, d.environment_id, d.id desc""")
                .query(Expected.class)
                .list();
    }
}
