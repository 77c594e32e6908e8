package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Spend per period and group, per currency, with the totals per currency. */
public record CostReport(LocalDate from, LocalDate to, String granularity, String groupBy, List<Row> rows,
        List<CurrencyTotal> totals) {

    /** {@code group} is the team, project, … slug; "Unallocated" or "(none)" where there is none. */
    public record Row(LocalDate period, String group, String currency, BigDecimal billedCost, BigDecimal effectiveCost,
            BigDecimal listCost) {
    }
}
