package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Unallocated costs matching every condition given (project, service category, provider service)
 * are distributed over the teams: PROPORTIONAL to each team's direct spend that month, or by FIXED
 * percentages per team.
 */
public record SharedRule(long id, String name, String matchProject, String matchCategory,
        String matchProviderService, String method, Map<String, BigDecimal> shares) {
}
