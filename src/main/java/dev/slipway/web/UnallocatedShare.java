package dev.slipway.web;

import dev.slipway.cost.CostReport;
import dev.slipway.cost.CostReports;
import dev.slipway.cost.CurrencyTotal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Per currency, the spend no team's tags claimed and its share of the whole, in percent. */
record UnallocatedShare(String currency, BigDecimal amount, BigDecimal total, BigDecimal percent) {

    static List<UnallocatedShare> of(CostReport report) {
        return report.totals().stream().filter(t -> t.billedCost().signum() != 0).map(t -> of(report, t)).toList();
    }

    private static UnallocatedShare of(CostReport report, CurrencyTotal total) {
        BigDecimal amount = report.rows().stream()
                .filter(r -> r.currency().equals(total.currency()) && r.group().equals(CostReports.UNALLOCATED))
                .map(CostReport.Row::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new UnallocatedShare(total.currency(), amount, total.billedCost(),
                amount.multiply(BigDecimal.valueOf(100)).divide(total.billedCost(), 1, RoundingMode.HALF_UP));
    }
}
