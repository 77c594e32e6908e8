package dev.slipway.testsupport;

import static org.awaitility.Awaitility.await;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.NotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.context.ApplicationContext;

/**
 * The teams, services and environments a test needs, made through the catalog's facades as the system, so a test of
 * another module does not depend on the catalog's tables. Each is created unless it exists (test classes may share a
 * database), and an existing one is left as it is.
 */
public final class TestCatalog {

    private final TeamCatalog teams;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final UserDirectory users;

    public TestCatalog(ApplicationContext context) {
        this.teams = context.getBean(TeamCatalog.class);
        this.services = context.getBean(ServiceCatalog.class);
        this.environments = context.getBean(EnvironmentCatalog.class);
        this.access = context.getBean(AccessPolicy.class);
        this.users = context.getBean(UserDirectory.class);
    }

    public String team(String slug, String name) {
        access.asSystem(() -> {
            try {
                teams.get(slug);
            } catch (NotFoundException e) {
                teams.create(new TeamRequest(slug, name, null, null));
            }
        });
        return slug;
    }

    public String service(String slug, String name, String team, Lifecycle lifecycle, String imageRepository) {
        access.asSystem(() -> {
            try {
                services.get(slug);
            } catch (NotFoundException e) {
                services.create(new ServiceRequest(slug, name, team, null, null, imageRepository, lifecycle, Map.of()));
            }
        });
        return slug;
    }

    /** Gives the service this cost tag unless it has one with this key already, leaving everything else. */
    public void costTag(String slug, String key, String value) {
        access.asSystem(() -> {
            ServiceView service = services.get(slug);
            if (service.costTags().containsKey(key)) {
                return;
            }
            var tags = new LinkedHashMap<>(service.costTags());
            tags.put(key, value);
            services.update(slug, new ServiceRequest(slug, service.name(), service.team().slug(), service.description(),
                    service.repositoryUrl(), service.imageRepository(), service.lifecycle(), tags));
        });
    }

    /** Deletes the team if it exists; it must own no services. */
    public void deleteTeam(String slug) {
        access.asSystem(() -> {
            try {
                teams.delete(slug);
            } catch (NotFoundException e) {
                // nothing to clean up
            }
        });
    }


    /**
     * Deletes every service as the catalog does (each module removes what refers to it), once no deployment of it is
     * underway.
     */
    public void deleteAllServices() {
        access.asSystem(services::allRefs).forEach(service -> deleteOnceFree(() -> services.delete(service.slug())));
    }

    /** Deletes every environment as the catalog does, once no deployment to it is underway. */
    public void deleteAllEnvironments() {
        access.asSystem(environments::refs)
                .forEach(environment -> deleteOnceFree(() -> environments.delete(environment.slug())));
    }

    /**
     * Deletes the teams (with their memberships and the tokens restricted to them) that own no service, as an
     * administrator does: their service accounts are disabled first.
     */
    public void deleteTeams(Predicate<String> which) {
        access.asSystem(teams::allSlugs).stream().filter(which).forEach(slug -> access.asSystem(() -> {
            users.enabledServiceAccountsOf(slug).forEach(account -> users.setEnabled(account, false));
            teams.delete(slug);
        }));
    }

    private void deleteOnceFree(Runnable deletion) {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(60)).ignoreException(ConflictException.class)
                .until(() -> {
                    access.asSystem(deletion);
                    return true;
                });
    }

    /** Deletes the service (and with it, through deploy, its releases and deployments) if it exists. */
    public void deleteService(String slug) {
        access.asSystem(() -> {
            try {
                services.delete(slug);
            } catch (NotFoundException e) {
                // nothing to clean up
            }
        });
    }

    /** Deletes the environment (and with it, through deploy, its deployments and settings) if it exists. */
    public void deleteEnvironment(String slug) {
        access.asSystem(() -> {
            try {
                environments.delete(slug);
            } catch (NotFoundException e) {
                // nothing to clean up
            }
        });
    }

    public EnvironmentView environment(EnvironmentRequest request) {
        return access.asSystem(() -> {
            try {
                return environments.get(request.slug());
            } catch (NotFoundException e) {
                return environments.create(request);
            }
        });
    }

    /** Switches the environment's automatic rollback (unless it is so already), leaving every other setting as it is. */
    public EnvironmentView autoRollback(String slug, boolean on) {
        return access.asSystem(() -> {
            EnvironmentView e = environments.get(slug);
            if (e.autoRollback() == on) {
                return e;
            }
            return environments.update(slug, new EnvironmentRequest(slug, e.name(), e.production(), e.position(),
                    e.cluster(), e.namespace(), e.promotionRequired(), on, e.accessApprovalsRequired(),
                    e.maintainersApproveAccess()));
        });
    }

    /** Sets the environment's production access rules (unless they are so already), leaving every other setting. */
    public EnvironmentView accessApprovals(String slug, int approvalsRequired, boolean maintainersApprove) {
        return access.asSystem(() -> {
            EnvironmentView e = environments.get(slug);
            if (e.accessApprovalsRequired() == approvalsRequired && e.maintainersApproveAccess() == maintainersApprove) {
                return e;
            }
            return environments.update(slug, new EnvironmentRequest(slug, e.name(), e.production(), e.position(),
                    e.cluster(), e.namespace(), e.promotionRequired(), e.autoRollback(), approvalsRequired,
                    maintainersApprove));
        });
    }
}
