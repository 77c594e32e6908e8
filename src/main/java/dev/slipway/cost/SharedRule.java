package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;

/**
 * Unallocated costs matching every condition given (project, service category, provider service)
 * are distributed over the teams: PROPORTIONAL to each team's direct spend that month, or by FIXED
 * percentages per team.
 */
public record SharedRule(long id, String name, String matchProject, String matchCategory,
        String matchProviderService, String method, Map<String, BigDecimal> shares) {

    /** What the rule does, in one line, for the audit trail. */
    public String describe() {
        var match = new ArrayList<String>();
        if (matchProject != null) {
            match.add("project " + matchProject);
        }
        if (matchCategory != null) {
            match.add("category " + matchCategory);
        }
        if (matchProviderService != null) {
            match.add("provider service " + matchProviderService);
        }
        return name + ": unallocated " + String.join(" and ", match) + " shared "
                + (method.equals("FIXED") ? "by " + shares : "in proportion to direct spend");
    }
}
