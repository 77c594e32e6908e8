package dev.slipway.web;

import dev.slipway.cost.BudgetView;
import dev.slipway.cost.CostReports;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** A team's spend this month in one currency, with its budget in that currency when it has one. */
record TeamSpend(String team, String currency, BigDecimal spent, @Nullable BudgetView budget) {

    /** The spend no team's tags claimed: shown, but there is no team to open. */
    public boolean unallocated() {
        return CostReports.UNALLOCATED.equals(team);
    }
}
