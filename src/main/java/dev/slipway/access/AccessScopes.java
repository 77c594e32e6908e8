package dev.slipway.access;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;
import org.springframework.stereotype.Component;

/** Turns what a person names (actions, team, services, environments) into a checked {@link AccessScope}. */
@Component
@RequiredArgsConstructor
class AccessScopes {

    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final TeamCatalog teams;

    /** The scope, or an {@link dev.slipway.shared.InvalidInputException} naming every field that is wrong. */
    AccessScope resolve(List<GrantAction> actions, @Nullable String team, @Nullable List<String> serviceSlugs, List<String> environmentSlugs,
            List<FieldError> errors) {
        if (actions != null && actions.stream().anyMatch(Objects::isNull)) {
            errors.add(new FieldError("actions", "must not contain null; the actions are " + GrantAction.allowed()));
        } else if (actions == null || actions.isEmpty()) {
            errors.add(new FieldError("actions", "name at least one of " + GrantAction.allowed()));
        }
        String scopeTeam = blank(team) ? null : team.strip();
        List<String> named = serviceSlugs == null ? List.of() : serviceSlugs.stream().filter(s -> !blank(s))
                .map(String::strip).distinct().toList();
        for (String slug : named) {
            try {
                ServiceRef service = services.ref(slug);
                if (scopeTeam == null) {
                    scopeTeam = service.team();
                } else if (!scopeTeam.equals(service.team())) {
                    errors.add(new FieldError("services", "'" + slug + "' belongs to team '" + service.team()
                            + "', not '" + scopeTeam + "'; one grant covers services of one team"));
                }
            } catch (NotFoundException e) {
                errors.add(new FieldError("services", "there is no service '" + slug + "'"));
            }
        }
        if (scopeTeam == null) {
            errors.add(new FieldError("services", "name the services, or the team whose every service it covers"));
        } else if (named.isEmpty()) {
            try {
                teams.get(scopeTeam);
            } catch (NotFoundException e) {
                errors.add(new FieldError("team", "there is no team '" + scopeTeam + "'"));
            }
        }
        var refs = new ArrayList<EnvironmentRef>();
        if (environmentSlugs == null || environmentSlugs.stream().allMatch(AccessScopes::blank)) {
            errors.add(new FieldError("environments", "name at least one production environment"));
        } else {
            for (String slug : new LinkedHashSet<>(environmentSlugs)) {
                if (blank(slug)) {
                    continue;
                }
                try {
                    EnvironmentRef environment = environments.ref(slug.strip());
                    if (environment.production()) {
                        refs.add(environment);
                    } else {
                        errors.add(new FieldError("environments", "'" + slug.strip() + "' is not a production "
                                + "environment; team rights are enough there, no grant is needed"));
                    }
                } catch (NotFoundException e) {
                    errors.add(new FieldError("environments", "there is no environment '" + slug.strip() + "'"));
                }
            }
        }
        RequestValidator.require(errors);
        return new AccessScope(List.copyOf(new LinkedHashSet<>(actions)), scopeTeam, named.isEmpty() ? null : named,
                List.copyOf(refs));
    }

    @Contract("null -> true")
    static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
