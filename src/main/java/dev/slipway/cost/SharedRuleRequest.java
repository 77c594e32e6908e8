package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.Map;

/** A new shared-cost rule, as {@link SharedRule} describes it. */
public record SharedRuleRequest(String name, String matchProject, String matchCategory, String matchProviderService,
        String method, Map<String, BigDecimal> shares) {
}
