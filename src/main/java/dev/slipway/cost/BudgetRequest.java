package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A monthly budget for a team or a project, in one currency, with percent thresholds on the actual
 * spend (e.g. 80) and on the month-end forecast (e.g. 100).
 */
public record BudgetRequest(String scopeType, @Nullable String scope, String currency, @Nullable BigDecimal monthlyAmount,
        List<Integer> actualThresholds, List<Integer> forecastThresholds) {
}
