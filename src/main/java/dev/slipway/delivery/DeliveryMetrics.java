package dev.slipway.delivery;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.FinishedDeployment;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Delivery metrics of the deployments Slipway recorded: DORA's five figures for a team, a service or everything, in
 * one environment (production unless another is named), per team, per service and per week. Everyone who reads the
 * catalog reads them, as they read the deployments.
 */
@Component
public class DeliveryMetrics {

    private final DeploymentHistory history;
    private final TeamCatalog teams;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final Duration reworkWindow;
    private final Clock clock;

    DeliveryMetrics(DeploymentHistory history, TeamCatalog teams, ServiceCatalog services,
            EnvironmentCatalog environments, AccessPolicy access, DeliveryProperties properties, Clock clock) {
        this.history = history;
        this.teams = teams;
        this.services = services;
        this.environments = environments;
        this.access = access;
        this.reworkWindow = properties.reworkWindow();
        this.clock = clock;
    }

    /**
     * The report of a query as a client writes it (see {@link DeliveryQuery#parse}); blank dates mean the last 13
     * weeks up to today (UTC).
     */
    public DeliveryReport report(@Nullable String team, @Nullable String service, @Nullable String environment,
            @Nullable String from, @Nullable String to) {
        return report(DeliveryQuery.parse(team, service, environment, from, to,
                LocalDate.now(clock.withZone(ZoneOffset.UTC))));
    }

    /** The report of a query; a team, service or environment that does not exist is reported under its name. */
    public DeliveryReport report(DeliveryQuery query) {
        access.require(Permission.CATALOG_READ);
        String environment = checkNames(query);
        Instant from = query.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = query.to().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<FinishedDeployment> deployments = history.finished(new DeploymentHistory.Filter(query.team(),
                query.service(), environment, from.minus(reworkWindow)));
        var weeks = new ArrayList<DeliveryReport.Week>();
        for (LocalDate start = query.from(); start.isBefore(query.to()); ) {
            LocalDate end = min(start.with(TemporalAdjusters.next(DayOfWeek.MONDAY)), query.to());
            weeks.add(new DeliveryReport.Week(start, DeliveryFigures.of(deployments,
                    start.atStartOfDay(ZoneOffset.UTC).toInstant(), end.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    reworkWindow)));
            start = end;
        }
        return new DeliveryReport(query.team(), query.service(), environment, query.from(), query.to(),
                reworkWindow.toMinutes() / 60.0, DeliveryFigures.of(deployments, from, to, reworkWindow),
                groups(deployments, FinishedDeployment::team, from, to),
                groups(deployments, FinishedDeployment::service, from, to), weeks, ReferencePoint.ALL);
    }

    /** The environment a query means: the one it names, or the first production environment. */
    private String checkNames(DeliveryQuery query) {
        var errors = new ArrayList<FieldError>();
        if (query.team() != null && !teams.exists(query.team())) {
            errors.add(new FieldError("team", "no team '" + query.team() + "' exists"));
        }
        if (query.service() != null) {
            try {
                ServiceRef service = services.ref(query.service());
                if (query.team() != null && !service.team().equals(query.team())) {
                    errors.add(new FieldError("service", "service '" + service.slug() + "' belongs to team '"
                            + service.team() + "', not '" + query.team() + "'"));
                }
            } catch (NotFoundException e) {
                errors.add(new FieldError("service", "no service '" + query.service() + "' exists"));
            }
        }
        String environment = query.environment();
        if (environment != null) {
            try {
                environments.ref(environment);
            } catch (NotFoundException e) {
                errors.add(new FieldError("environment", "no environment '" + environment + "' exists"));
            }
        } else {
            environment = environments.refs().stream().filter(EnvironmentRef::production).map(EnvironmentRef::slug)
                    .findFirst().orElse(null);
            if (environment == null) {
                errors.add(new FieldError("environment", "no environment is marked production; name one"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return environment;
    }

    /** The figures of each team or service with a deployment in the range, by name. */
    private List<DeliveryReport.Group> groups(List<FinishedDeployment> deployments,
            Function<FinishedDeployment, String> key, Instant from, Instant to) {
        Map<String, List<FinishedDeployment>> byKey = deployments.stream()
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        var groups = new ArrayList<DeliveryReport.Group>();
        byKey.forEach((name, own) -> {
            DeliveryFigures figures = DeliveryFigures.of(own, from, to, reworkWindow);
            if (figures.deployments() > 0) {
                groups.add(new DeliveryReport.Group(name, own.get(0).team(), figures));
            }
        });
        return groups;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
