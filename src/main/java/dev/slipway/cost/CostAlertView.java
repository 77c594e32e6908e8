package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A budget threshold crossed (actual or forecast, once per threshold and month) or a day of
 * anomalous spend (once per team or service and day). {@code reference} is the budget for budget
 * alerts and the baseline median for anomalies.
 */
public record CostAlertView(long id, String kind, @Nullable Long budgetId, String scopeType, String scope, @Nullable String team,
        LocalDate period, @Nullable Integer threshold, String currency, BigDecimal amount, BigDecimal reference, String message,
        Instant raisedAt) {
}
