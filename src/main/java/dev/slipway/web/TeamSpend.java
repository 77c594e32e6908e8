package dev.slipway.web;

import dev.slipway.cost.BudgetView;
import java.math.BigDecimal;

/** A team's spend this month in one currency, with its budget in that currency when it has one. */
record TeamSpend(String team, String currency, BigDecimal spent, BudgetView budget) {
}
