package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the check of the files found: the billing periods they hold (which the load replaces), the
 * months their charges fall in (whose rollups it recomputes), and the totals per currency.
 */
final class ImportPlan {

    private final Set<String> formats = new LinkedHashSet<>();
    private final Set<String> versions = new TreeSet<>();
    private final Map<String, BillingPeriod> periods = new HashMap<>();
    private final Set<YearMonth> billingMonths = new TreeSet<>();
    private final Set<LocalDate> chargeMonths = new TreeSet<>();
    private final Map<String, BigDecimal[]> totals = new TreeMap<>();
    private final Map<String, String> onlyCurrencyByFile = new HashMap<>();
    private final Map<String, BigDecimal[]> pendingByFile = new HashMap<>();
    private @Nullable String currentFile;
    private long rows;
    private long pendingCurrencyRows;

    void file(String name, @Nullable CostFileFormat format, @Nullable String focusVersion) {
        currentFile = name;
        if (format != null) {
            formats.add(format.name());
        }
        if (focusVersion != null) {
            versions.add(focusVersion);
        }
    }

    void onlyCurrency(String file, @Nullable String currency) {
        if (currency != null) {
            onlyCurrencyByFile.put(file, currency);
        }
    }

    @Nullable String onlyCurrency(String file) {
        return onlyCurrencyByFile.get(file);
    }

    void add(CostLine line, String currency) {
        rows++;
        periods.putIfAbsent(line.billingAccountId() + '\u0000' + line.billingPeriodStart(),
                new BillingPeriod(line.billingAccountId(), line.billingPeriodStart(), line.billingPeriodEnd()));
        billingMonths.add(YearMonth.from(line.billingPeriodStart().atOffset(ZoneOffset.UTC)));
        chargeMonths.add(monthOf(line.chargePeriodStart()));
        if (currency == null) {
            pendingCurrencyRows++;
        }
        add(currency != null ? totals : pendingByFile, currency != null ? currency : currentFile, line.billedCost(),
                line.effectiveCost(), line.listCost());
    }

    private static void add(Map<String, BigDecimal[]> sums, @Nullable String key, BigDecimal billed, BigDecimal effective,
            BigDecimal list) {
        BigDecimal[] s = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
        s[0] = s[0].add(billed);
        s[1] = s[1].add(effective);
        s[2] = s[2].add(list);
    }

    long pendingCurrencyRows() {
        return pendingCurrencyRows;
    }

    /** Rows without a currency count in their file's only currency, once the whole file is read. */
    void settleCurrencies() {
        pendingByFile.forEach((file, s) -> add(totals, onlyCurrencyByFile.get(file), s[0], s[1], s[2]));
        pendingByFile.clear();
        pendingCurrencyRows = 0;
    }

    static LocalDate monthOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    long rows() {
        return rows;
    }

    @Nullable String format() {
        return formats.isEmpty() ? null : String.join("+", formats);
    }

    @Nullable String focusVersion() {
        return versions.isEmpty() ? null : String.join(", ", versions);
    }

    List<BillingPeriod> periods() {
        var list = new ArrayList<>(periods.values());
        list.sort(Comparator.comparing(BillingPeriod::start).thenComparing(BillingPeriod::billingAccountId));
        return list;
    }

    Set<YearMonth> billingMonths() {
        return billingMonths;
    }

    Set<LocalDate> chargeMonths() {
        return chargeMonths;
    }

    List<CurrencyTotal> totals() {
        return totals.entrySet().stream()
                .map(e -> new CurrencyTotal(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }
}
