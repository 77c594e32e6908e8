package dev.slipway.cost;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** Builds small FOCUS 1.2 files for tests, one charge a line. */
public final class FocusSample {

    static final String HEADER = "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,"
            + "ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,"
            + "ListCost,ContractedCost,InvoiceIssuerName,PricingQuantity,PricingUnit,ProviderName,PublisherName,"
            + "ServiceCategory,ServiceName,InvoiceId,Tags";

    private final List<String> rows = new ArrayList<>();
    private String account = "acme-aws";
    private String currency = "USD";
    private String month = "2026-06";

    public static FocusSample file() {
        return new FocusSample();
    }

    public FocusSample account(String account, String currency) {
        this.account = account;
        this.currency = currency;
        return this;
    }

    /** The billing period: a month, e.g. 2026-06. */
    public FocusSample month(String month) {
        this.month = month;
        return this;
    }

    /** A one-hour usage charge on the given day of the month. */
    public FocusSample usage(int day, String billed, String service, String category, String tagsJson) {
        String start = "%s-%02dT10:00:00Z".formatted(month, day);
        String end = "%s-%02dT11:00:00Z".formatted(month, day);
        return charge("Usage", start, end, billed, service, category, tagsJson);
    }

    public FocusSample charge(String category, String start, String end, String billed, String service,
            String serviceCategory, String tagsJson) {
        String effective = billed;
        rows.add(String.join(",", account, account + " name", currency, periodStart(), periodEnd(), category, "",
                "\"" + service + ", " + category + "\"", start, end, billed, effective, billed, billed, "Acme Cloud", "1",
                "Hours", "Acme Cloud", "Acme Cloud", serviceCategory, service, "inv-1",
                "\"" + tagsJson.replace("\"", "\"\"") + "\""));
        return this;
    }

    String periodStart() {
        return month + "-01T00:00:00Z";
    }

    String periodEnd() {
        YearMonth ym = YearMonth.parse(month).plusMonths(1);
        return ym + "-01T00:00:00Z";
    }

    public String csv() {
        return HEADER + "\n" + String.join("\n", rows) + "\n";
    }
}
