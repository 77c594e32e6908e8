package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A budget with this month's standing: actual spend so far and the month-end forecast at the
 * month-to-date run rate, each also in percent of the budget.
 */
public record BudgetView(long id, String scopeType, String scope, String currency, BigDecimal monthlyAmount,
        List<Integer> actualThresholds, List<Integer> forecastThresholds, LocalDate month, BigDecimal actual,
        BigDecimal forecast, BigDecimal actualPercent, BigDecimal forecastPercent) {

    /** "team payments: 1000 USD a month, alerts at [80] % actual and [100] % forecast", for the audit trail. */
    public String describe() {
        return scopeType.toLowerCase(Locale.ROOT) + " " + scope + ": " + monthlyAmount.toPlainString() + " " + currency
                + " a month, alerts at " + actualThresholds + " % actual and " + forecastThresholds + " % forecast";
    }
}
