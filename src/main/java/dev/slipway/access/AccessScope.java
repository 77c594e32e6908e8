package dev.slipway.access;

import dev.slipway.catalog.EnvironmentRef;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a grant or request covers: actions on services of one team (all of them when
 * {@code services} is null) in production environments.
 */
record AccessScope(List<GrantAction> actions, @Nullable String team, @Nullable List<String> services, List<EnvironmentRef> environments) {

    List<String> environmentSlugs() {
        return environments.stream().map(EnvironmentRef::slug).toList();
    }

    String[] actionIds() {
        return actions.stream().map(GrantAction::id).toArray(String[]::new);
    }

    /** The most approvals any of its environments asks for. */
    int approvalsRequired() {
        return environments.stream().mapToInt(EnvironmentRef::accessApprovalsRequired).max().orElse(1);
    }

    /** Maintainers may approve only when every environment in scope lets them. */
    boolean maintainersMayApprove() {
        return environments.stream().allMatch(EnvironmentRef::maintainersApproveAccess);
    }

    String describe() {
        return describe(actions, team, services, environmentSlugs());
    }

    /** "deploy, roll back checkout-api in prod", as grants, requests and their notices say it. */
    static String describe(List<GrantAction> actions, @Nullable String team, @Nullable List<String> services, List<String> environments) {
        return actionsText(actions) + " " + servicesText(team, services) + " in " + String.join(", ", environments);
    }

    static String actionsText(List<GrantAction> actions) {
        return String.join(", ", actions.stream().map(GrantAction::verb).toList());
    }

    static String servicesText(@Nullable String team, @Nullable List<String> services) {
        return services == null ? "every service of " + team : String.join(", ", services);
    }
}
