package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A new shared-cost rule, as {@link SharedRule} describes it. */
public record SharedRuleRequest(@Nullable String name, @Nullable String matchProject, @Nullable String matchCategory, @Nullable String matchProviderService,
        String method, @Nullable Map<String, BigDecimal> shares) {
}
