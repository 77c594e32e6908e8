package dev.slipway.access;

import dev.slipway.catalog.EnvironmentRef;
import java.util.List;

/**
 * What a grant or request covers: actions on services of one team (all of them when
 * {@code services} is null) in production environments.
 */
record AccessScope(List<GrantAction> actions, String team, List<String> services, List<EnvironmentRef> environments) {

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
        String what = String.join(", ", actions.stream().map(GrantAction::verb).toList());
        String where = String.join(", ", environments.stream().map(EnvironmentRef::name).toList());
        return what + " " + (services == null ? "every service of " + team : String.join(", ", services)) + " in "
                + where;
    }
}
