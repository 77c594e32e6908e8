package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A budget with this month's standing: actual spend so far and the month-end forecast at the
 * month-to-date run rate, each also in percent of the budget.
 */
public record BudgetView(long id, String scopeType, String scope, String currency, BigDecimal monthlyAmount,
        List<Integer> actualThresholds, List<Integer> forecastThresholds, LocalDate month, BigDecimal actual,
        BigDecimal forecast, BigDecimal actualPercent, BigDecimal forecastPercent) {
}
