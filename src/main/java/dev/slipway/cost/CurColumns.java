package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** The columns of an AWS legacy Cost and Usage Report header, and how its rows read as FOCUS. */
final class CurColumns implements CostRowMapper {

    private static final String TAG_COLUMN_PREFIX = "resourcetags/";

    private final CostValues values;

    /** Lower-cased header name to position: CUR spells some names in camel case, some not. */
    private final Map<String, Integer> index = new HashMap<>();

    private final int columnCount;

    private final List<String> missing = new ArrayList<>();

    private final boolean[] mapped;

    private final int payerAccountId, usageAccountId, payerAccountName, billingPeriodStart, billingPeriodEnd,
            usageStart, usageEnd, lineItemType, unblendedCost, reservationEffectiveCost, savingsPlanEffectiveCost,
            publicOnDemandCost, currency, invoicingEntity, productName, productCode, productFamily, usageAmount,
            pricingUnit, resourceId, region, description;

    private final int[] tagColumns;

    private final String[] tagKeys;

    private final int[] extraColumns;

    private final String[] extraNames;

    private final CostValues.DateCache billingStartCache = new CostValues.DateCache(),
            billingEndCache = new CostValues.DateCache(), usageStartCache = new CostValues.DateCache(),
            usageEndCache = new CostValues.DateCache();

    CurColumns(String[] header, CostValues values) {
        this.values = values;
        this.columnCount = header.length;
        for (int i = header.length - 1; i >= 0; i--) {
            this.index.put(header[i].toLowerCase(Locale.ROOT), i);
        }
        this.mapped = new boolean[header.length];
        this.payerAccountId = map("bill/PayerAccountId");
        this.usageAccountId = map("lineItem/UsageAccountId");
        this.payerAccountName = map("bill/PayerAccountName");
        this.billingPeriodStart = map("bill/BillingPeriodStartDate");
        this.billingPeriodEnd = map("bill/BillingPeriodEndDate");
        this.usageStart = map("lineItem/UsageStartDate");
        this.usageEnd = map("lineItem/UsageEndDate");
        this.lineItemType = map("lineItem/LineItemType");
        this.unblendedCost = map("lineItem/UnblendedCost");
        this.reservationEffectiveCost = map("reservation/EffectiveCost");
        this.savingsPlanEffectiveCost = map("savingsPlan/SavingsPlanEffectiveCost");
        this.publicOnDemandCost = map("pricing/publicOnDemandCost");
        this.currency = map("lineItem/CurrencyCode");
        this.invoicingEntity = map("bill/InvoicingEntity");
        this.productName = map("product/ProductName");
        this.productCode = map("lineItem/ProductCode");
        this.productFamily = map("product/productFamily");
        this.usageAmount = map("lineItem/UsageAmount");
        this.pricingUnit = map("pricing/unit");
        this.resourceId = map("lineItem/ResourceId");
        this.region = map("product/region");
        this.description = map("lineItem/LineItemDescription");
        // Fallbacks that are not used stay in the extra data: the usage account tells more than the payer.
        unmapFallback(this.payerAccountId, this.usageAccountId);
        unmapFallback(this.productName, this.productCode);

        if (this.payerAccountId < 0 && this.usageAccountId < 0) {
            this.missing.add("bill/PayerAccountId (or lineItem/UsageAccountId)");
        }
        require(this.billingPeriodStart, "bill/BillingPeriodStartDate");
        require(this.billingPeriodEnd, "bill/BillingPeriodEndDate");
        require(this.usageStart, "lineItem/UsageStartDate");
        require(this.usageEnd, "lineItem/UsageEndDate");
        require(this.unblendedCost, "lineItem/UnblendedCost");
        require(this.currency, "lineItem/CurrencyCode");
        if (this.productName < 0 && this.productCode < 0) {
            this.missing.add("product/ProductName (or lineItem/ProductCode)");
        }

        List<Integer> tagColumnList = new ArrayList<>();
        List<String> tagKeyList = new ArrayList<>();
        List<Integer> extraList = new ArrayList<>();
        values.startRow(1);
        for (int i = 0; i < header.length; i++) {
            if (this.mapped[i]) {
                continue;
            }
            if (header[i].regionMatches(true, 0, TAG_COLUMN_PREFIX, 0, TAG_COLUMN_PREFIX.length())) {
                String key = values.tagKey(header[i].substring(TAG_COLUMN_PREFIX.length()));
                if (key != null) {
                    tagColumnList.add(i);
                    tagKeyList.add(key);
                }
            }
            else {
                extraList.add(i);
            }
        }
        this.tagColumns = tagColumnList.stream().mapToInt(Integer::intValue).toArray();
        this.tagKeys = tagKeyList.toArray(String[]::new);
        this.extraColumns = extraList.stream().mapToInt(Integer::intValue).toArray();
        this.extraNames = new String[this.extraColumns.length];
        for (int i = 0; i < this.extraColumns.length; i++) {
            this.extraNames[i] = header[this.extraColumns[i]];
        }
    }

    /** Needed columns the header lacks. */
    List<String> missing() {
        return this.missing;
    }

    private int map(String column) {
        Integer i = this.index.get(column.toLowerCase(Locale.ROOT));
        if (i == null) {
            return -1;
        }
        this.mapped[i] = true;
        return i;
    }

    private void unmapFallback(int preferred, int fallback) {
        if (preferred >= 0 && fallback >= 0) {
            this.mapped[fallback] = false;
        }
    }

    private void require(int column, String name) {
        if (column < 0) {
            this.missing.add(name);
        }
    }

    @SuppressWarnings("NullAway") // a required value is null only in a row that rowValid() has turned away above
    @Override
    public @Nullable CostLine map(CSVRecord record, long line) {
        CostValues v = this.values;
        v.startRow(line);
        if (record.size() != this.columnCount) {
            v.problem("the row has " + record.size() + " values, the header " + this.columnCount);
            return null;
        }
        String accountId = text(record, this.payerAccountId);
        if (accountId == null) {
            accountId = text(record, this.usageAccountId);
        }
        if (accountId == null) {
            v.problem("bill/PayerAccountId and lineItem/UsageAccountId are empty");
        }
        String accountName = text(record, this.payerAccountName);
        if (accountName == null) {
            accountName = accountId;
        }
        Instant billingStart = v.instant("bill/BillingPeriodStartDate", record.get(this.billingPeriodStart),
                this.billingStartCache);
        Instant billingEnd = v.instant("bill/BillingPeriodEndDate", record.get(this.billingPeriodEnd),
                this.billingEndCache);
        v.period("bill/BillingPeriodStartDate", billingStart, "bill/BillingPeriodEndDate", billingEnd);
        Instant usageStartAt = v.instant("lineItem/UsageStartDate", record.get(this.usageStart), this.usageStartCache);
        Instant usageEndAt = v.instant("lineItem/UsageEndDate", record.get(this.usageEnd), this.usageEndCache);
        v.period("lineItem/UsageStartDate", usageStartAt, "lineItem/UsageEndDate", usageEndAt);
        String type = text(record, this.lineItemType);
        BigDecimal unblended = v.requiredNumber("lineItem/UnblendedCost", record.get(this.unblendedCost));
        BigDecimal effective = effectiveCost(record, type, unblended);
        BigDecimal list = number(record, "pricing/publicOnDemandCost", this.publicOnDemandCost);
        BigDecimal quantity = number(record, "lineItem/UsageAmount", this.usageAmount);
        String currencyCode = v.currency("lineItem/CurrencyCode", record.get(this.currency));
        Map<String, String> tags = tags(record);
        Map<String, String> extra = extra(record);
        if (!v.rowValid()) {
            return null;
        }
        String issuer = text(record, this.invoicingEntity);
        String service = text(record, this.productName);
        if (service == null) {
            service = text(record, this.productCode);
        }
        return new CostLine(line, accountId, accountName, billingStart, billingEnd, usageStartAt, usageEndAt,
                chargeCategory(type), null, text(record, this.description), unblended, effective,
                (list != null) ? list : unblended, unblended, currencyCode, "AWS", "AWS",
                (issuer != null) ? issuer : "AWS", service, serviceCategory(text(record, this.productFamily)),
                quantity, text(record, this.pricingUnit), text(record, this.resourceId), null,
                text(record, this.region), tags, extra);
    }

    /** Usage covered by a reservation or savings plan costs what the commitment says it does. */
    private BigDecimal effectiveCost(CSVRecord record, String type, BigDecimal unblended) {
        BigDecimal covered = null;
        if ("DiscountedUsage".equals(type)) {
            covered = number(record, "reservation/EffectiveCost", this.reservationEffectiveCost);
        }
        else if ("SavingsPlanCoveredUsage".equals(type)) {
            covered = number(record, "savingsPlan/SavingsPlanEffectiveCost", this.savingsPlanEffectiveCost);
        }
        return (covered != null) ? covered : unblended;
    }

    static String chargeCategory(String lineItemType) {
        if (lineItemType == null) {
            return "Usage";
        }
        switch (lineItemType) {
            case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage":
                return "Usage";
            case "Tax":
                return "Tax";
            case "Credit", "Refund":
                return "Credit";
            case "Fee", "RIFee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee":
                return "Purchase";
            default:
                return lineItemType.endsWith("Discount") ? "Credit" : "Adjustment";
        }
    }

    static String serviceCategory(@Nullable String productFamily) {
        if (productFamily == null) {
            return "Other";
        }
        if (productFamily.startsWith("Compute Instance")) {
            return "Compute";
        }
        if (productFamily.startsWith("Database")) {
            return "Databases";
        }
        if (productFamily.startsWith("Storage")) {
            return "Storage";
        }
        if (productFamily.startsWith("Data Transfer")) {
            return "Networking";
        }
        return "Other";
    }

    private @Nullable String text(CSVRecord record, int column) {
        return (column < 0) ? null : this.values.text(record.get(column));
    }

    private @Nullable BigDecimal number(CSVRecord record, String name, int column) {
        return (column < 0) ? null : this.values.number(name, record.get(column));
    }

    private Map<String, String> tags(CSVRecord record) {
        Map<String, String> tags = null;
        for (int i = 0; i < this.tagColumns.length; i++) {
            String value = this.values.text(record.get(this.tagColumns[i]));
            if (value != null) {
                if (tags == null) {
                    tags = new LinkedHashMap<>();
                }
                String existing = tags.get(this.tagKeys[i]);
                if (existing == null) {
                    tags.put(this.tagKeys[i], value);
                }
            }
        }
        return (tags != null) ? tags : Map.of();
    }

    private Map<String, String> extra(CSVRecord record) {
        Map<String, String> extra = null;
        for (int i = 0; i < this.extraColumns.length; i++) {
            String value = this.values.text(record.get(this.extraColumns[i]));
            if (value != null) {
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(this.extraNames[i], value);
            }
        }
        return (extra != null) ? extra : Map.of();
    }

}
