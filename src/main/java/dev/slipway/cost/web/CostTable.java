package dev.slipway.cost.web;

import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One currency of a cost report as a table: its groups (largest spend first) by every period of the
 * range, empty periods included, with the totals per group and per period.
 */
record CostTable(String currency, List<String> periods, List<GroupRow> rows, List<Amount> periodTotals, Amount total) {

    /** Groups drawn one by one in a chart; the rest are added up as "Other". */
    static final int CHART_GROUPS = 8;

    record GroupRow(String group, List<Amount> cells, Amount total) {
    }

    /** One table per currency, in the order of the report's totals (alphabetical). */
    static List<CostTable> of(CostReport report, CostQuery query, boolean effective) {
        List<LocalDate> periods = periods(query);
        Function<CostReport.Row, BigDecimal> measure = effective ? CostReport.Row::effectiveCost
                : CostReport.Row::billedCost;
        var byCurrency = new TreeMap<String, Map<String, BigDecimal[]>>();
        for (CostReport.Row row : report.rows()) {
            int index = periods.indexOf(row.period());
            if (index < 0) {
                continue;
            }
            BigDecimal[] cells = byCurrency.computeIfAbsent(row.currency(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(row.group(), g -> zeros(periods.size()));
            cells[index] = cells[index].add(measure.apply(row));
        }
        var tables = new ArrayList<CostTable>();
        byCurrency.forEach((currency, groups) -> {
            var rows = new ArrayList<GroupRow>();
            groups.forEach((group, cells) -> {
                var amounts = new ArrayList<Amount>();
                Amount total = Amount.zero(currency);
                for (BigDecimal cell : cells) {
                    amounts.add(new Amount(cell, currency));
                    total = total.plus(cell);
                }
                rows.add(new GroupRow(group, amounts, total));
            });
            rows.sort(Comparator.comparing((GroupRow r) -> r.total().value()).reversed()
                    .thenComparing(GroupRow::group));
            var periodTotals = new ArrayList<Amount>();
            Amount total = Amount.zero(currency);
            for (int i = 0; i < periods.size(); i++) {
                Amount sum = Amount.zero(currency);
                for (GroupRow row : rows) {
                    sum = sum.plus(row.cells().get(i).value());
                }
                periodTotals.add(sum);
                total = total.plus(sum.value());
            }
            tables.add(new CostTable(currency, labels(periods, query), rows, periodTotals, total));
        });
        return tables;
    }

    /** What Chart.js draws: a stacked bar per month or a line per day, one dataset per group. */
    Map<String, Object> chart(boolean daily) {
        var datasets = new ArrayList<Map<String, Object>>();
        List<BigDecimal> other = null;
        for (int i = 0; i < rows.size(); i++) {
            GroupRow row = rows.get(i);
            List<BigDecimal> values = row.cells().stream().map(Amount::value).toList();
            if (i < CHART_GROUPS) {
                datasets.add(dataset(row.group(), values));
            } else if (other == null) {
                other = new ArrayList<>(values);
            } else {
                for (int p = 0; p < values.size(); p++) {
                    other.set(p, other.get(p).add(values.get(p)));
                }
            }
        }
        if (other != null) {
            datasets.add(dataset("Other", other));
        }
        var chart = new LinkedHashMap<String, Object>();
        chart.put("type", daily ? "line" : "bar");
        chart.put("currency", currency);
        chart.put("labels", periods);
        chart.put("datasets", datasets);
        return chart;
    }

    private static Map<String, Object> dataset(String label, List<BigDecimal> values) {
        var dataset = new LinkedHashMap<String, Object>();
        dataset.put("label", label);
        dataset.put("data", values.stream().map(v -> v.setScale(2, RoundingMode.HALF_UP)).toList());
        return dataset;
    }

    /** Every day, or the first day of every month, from the start of the range to its (exclusive) end. */
    static List<LocalDate> periods(CostQuery query) {
        var periods = new ArrayList<LocalDate>();
        if (query.granularity() == CostQuery.Granularity.DAY) {
            for (LocalDate day = query.from(); day.isBefore(query.to()); day = day.plusDays(1)) {
                periods.add(day);
            }
        } else {
            for (LocalDate month = query.from().withDayOfMonth(1); month.isBefore(query.to());
                    month = month.plusMonths(1)) {
                periods.add(month);
            }
        }
        return periods;
    }

    private static List<String> labels(List<LocalDate> periods, CostQuery query) {
        return periods.stream().map(p -> query.granularity() == CostQuery.Granularity.DAY ? p.toString()
                : p.toString().substring(0, 7)).toList();
    }

    private static BigDecimal[] zeros(int size) {
        var zeros = new BigDecimal[size];
        Arrays.fill(zeros, BigDecimal.ZERO);
        return zeros;
    }
}
