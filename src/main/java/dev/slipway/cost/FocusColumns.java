package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** The columns of a FOCUS header, and how a FOCUS row becomes a cost line. */
final class FocusColumns implements CostRowMapper {

    /** Columns each FOCUS version added (from the specification's changelog), newest first. */
    private static final Map<String, List<String>> ADDED_IN = new LinkedHashMap<>();
    static {
        ADDED_IN.put("1.3", List.of("ServiceProviderName", "HostProviderName", "ContractApplied"));
        ADDED_IN.put("1.2", List.of("BillingAccountType", "SubAccountType", "InvoiceId", "PricingCurrency",
                "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice"));
        ADDED_IN.put("1.1", List.of("CapacityReservationId", "CapacityReservationStatus", "CommitmentDiscountQuantity",
                "CommitmentDiscountUnit", "ServiceSubcategory", "SkuMeter", "SkuPriceDetails"));
    }

    /** FOCUS 1.0 columns; with ADDED_IN these are the columns that are not extra to FOCUS. */
    private static final Set<String> FOCUS_1_0 = Set.of("AvailabilityZone", "BilledCost", "BillingAccountId",
            "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
            "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus",
            "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName",
            "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName",
            "Tags");

    /** Text columns where Azure writes placeholders instead of leaving them empty. */
    private static final Set<String> AZURE_PLACEHOLDER_COLUMNS = Set.of("BillingAccountId", "BillingAccountName",
            "SubAccountId", "SubAccountName", "ResourceId", "ResourceName");

    private static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "PublisherName", "ServiceCategory",
            "ServiceName");

    private final CostValues values;

    private final Map<String, Integer> index = new HashMap<>();

    private final int columnCount;

    private final String version;

    private final List<String> missing = new ArrayList<>();

    private final boolean[] mapped;

    private final int billingAccountId, billingAccountName, billingPeriodStart, billingPeriodEnd, chargePeriodStart,
            chargePeriodEnd, chargeCategory, chargeClass, chargeDescription, billedCost, effectiveCost, listCost,
            contractedCost, currency, provider, publisher, invoiceIssuer, serviceName, serviceCategory, pricingQuantity,
            pricingUnit, resourceId, resourceName, region, tags;

    private final int[] extraColumns;

    private final String[] extraNames;

    private final boolean[] extraPlaceholders;

    private final CostValues.DateCache billingStartCache = new CostValues.DateCache(),
            billingEndCache = new CostValues.DateCache(), chargeStartCache = new CostValues.DateCache(),
            chargeEndCache = new CostValues.DateCache();

    FocusColumns(String[] header, CostValues values, ImportReport report) {
        this.values = values;
        this.columnCount = header.length;
        for (int i = header.length - 1; i >= 0; i--) {
            this.index.put(header[i], i);
        }
        this.version = version(this.index.keySet());
        this.mapped = new boolean[header.length];
        for (String column : MANDATORY) {
            if (column.equals("PublisherName") && has("ServiceProviderName")) {
                continue; // a FOCUS 1.3 file may name only the service provider
            }
            if (!has(column)) {
                this.missing.add(column);
            }
        }
        if (!has("ServiceProviderName") && !has("ProviderName")) {
            this.missing.add("ProviderName (or ServiceProviderName)");
        }
        this.billingAccountId = map("BillingAccountId");
        this.billingAccountName = map("BillingAccountName");
        this.billingPeriodStart = map("BillingPeriodStart");
        this.billingPeriodEnd = map("BillingPeriodEnd");
        this.chargePeriodStart = map("ChargePeriodStart");
        this.chargePeriodEnd = map("ChargePeriodEnd");
        this.chargeCategory = map("ChargeCategory");
        this.chargeClass = map("ChargeClass");
        this.chargeDescription = map("ChargeDescription");
        this.billedCost = map("BilledCost");
        this.effectiveCost = map("EffectiveCost");
        this.listCost = map("ListCost");
        this.contractedCost = map("ContractedCost");
        this.currency = map("BillingCurrency");
        this.provider = has("ServiceProviderName") ? map("ServiceProviderName") : map("ProviderName");
        this.publisher = has("PublisherName") ? map("PublisherName") : this.provider;
        this.invoiceIssuer = map("InvoiceIssuerName");
        this.serviceName = map("ServiceName");
        this.serviceCategory = map("ServiceCategory");
        this.pricingQuantity = map("PricingQuantity");
        this.pricingUnit = map("PricingUnit");
        this.resourceId = map("ResourceId");
        this.resourceName = map("ResourceName");
        this.region = has("RegionId") ? map("RegionId") : map("RegionName");
        this.tags = map("Tags");

        List<Integer> extras = new ArrayList<>();
        List<String> notFocus = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (!this.mapped[i]) {
                extras.add(i);
                String name = header[i];
                if (!name.startsWith("x_") && !isFocusColumn(name)) {
                    notFocus.add(name);
                }
            }
        }
        this.extraColumns = extras.stream().mapToInt(Integer::intValue).toArray();
        this.extraNames = new String[this.extraColumns.length];
        this.extraPlaceholders = new boolean[this.extraColumns.length];
        for (int i = 0; i < this.extraColumns.length; i++) {
            this.extraNames[i] = header[this.extraColumns[i]];
            this.extraPlaceholders[i] = AZURE_PLACEHOLDER_COLUMNS.contains(this.extraNames[i]);
        }
        if (!notFocus.isEmpty()) {
            report.warn("columns not in FOCUS kept as extra data: " + String.join(", ", notFocus), 1);
        }
    }

    /** The highest version whose added columns appear in the header. */
    static String version(Set<String> columns) {
        for (Map.Entry<String, List<String>> entry : ADDED_IN.entrySet()) {
            for (String column : entry.getValue()) {
                if (columns.contains(column)) {
                    return entry.getKey();
                }
            }
        }
        return "1.0";
    }

    static boolean isFocusColumn(String name) {
        if (FOCUS_1_0.contains(name)) {
            return true;
        }
        for (List<String> added : ADDED_IN.values()) {
            if (added.contains(name)) {
                return true;
            }
        }
        return false;
    }

    String version() {
        return this.version;
    }

    /** Mandatory columns the header lacks. */
    List<String> missing() {
        return this.missing;
    }

    private boolean has(String column) {
        return this.index.containsKey(column);
    }

    private int map(String column) {
        Integer i = this.index.get(column);
        if (i == null) {
            return -1;
        }
        this.mapped[i] = true;
        return i;
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
        String accountId = v.requiredText("BillingAccountId", record.get(this.billingAccountId));
        warnPlaceholder("BillingAccountId", accountId);
        String chargeCategory = v.requiredText("ChargeCategory", record.get(this.chargeCategory));
        String accountName = placeholderText("BillingAccountName", record, this.billingAccountName);
        Instant billingStart = v.instant("BillingPeriodStart", record.get(this.billingPeriodStart),
                this.billingStartCache);
        Instant billingEnd = v.instant("BillingPeriodEnd", record.get(this.billingPeriodEnd), this.billingEndCache);
        v.period("BillingPeriodStart", billingStart, "BillingPeriodEnd", billingEnd);
        Instant chargeStart = v.instant("ChargePeriodStart", record.get(this.chargePeriodStart), this.chargeStartCache);
        Instant chargeEnd = v.instant("ChargePeriodEnd", record.get(this.chargePeriodEnd), this.chargeEndCache);
        v.period("ChargePeriodStart", chargeStart, "ChargePeriodEnd", chargeEnd);
        BigDecimal billed = v.requiredNumber("BilledCost", record.get(this.billedCost));
        BigDecimal effective = v.requiredNumber("EffectiveCost", record.get(this.effectiveCost));
        BigDecimal list = v.numberOrZero("ListCost", record.get(this.listCost));
        BigDecimal contracted = v.numberOrZero("ContractedCost", record.get(this.contractedCost));
        BigDecimal quantity = v.number("PricingQuantity", record.get(this.pricingQuantity));
        String currencyCode = v.currency("BillingCurrency", record.get(this.currency));
        Map<String, String> tagMap = (this.tags < 0) ? Map.of() : v.jsonTags(record.get(this.tags));
        Map<String, String> extra = extra(record);
        if (!v.rowValid()) {
            return null;
        }
        return new CostLine(line, accountId, accountName, billingStart, billingEnd, chargeStart, chargeEnd,
                chargeCategory, text(record, this.chargeClass), text(record, this.chargeDescription),
                billed, effective, list, contracted, currencyCode, text(record, this.provider),
                text(record, this.publisher), text(record, this.invoiceIssuer), text(record, this.serviceName),
                text(record, this.serviceCategory), quantity, text(record, this.pricingUnit),
                placeholderText("ResourceId", record, this.resourceId),
                placeholderText("ResourceName", record, this.resourceName), text(record, this.region), tagMap, extra);
    }

    private @Nullable String text(CSVRecord record, int column) {
        return (column < 0) ? null : this.values.text(record.get(column));
    }

    private @Nullable String placeholderText(String column, CSVRecord record, int index) {
        String value = text(record, index);
        warnPlaceholder(column, value);
        return value;
    }

    private void warnPlaceholder(String column, @Nullable String value) {
        if (value != null && (value.equals("-2") || value.equals("Unassigned"))) {
            this.values.warn("Azure placeholder '" + value + "' in " + column);
        }
    }

    private Map<String, String> extra(CSVRecord record) {
        Map<String, String> extra = null;
        for (int i = 0; i < this.extraColumns.length; i++) {
            String value = this.values.text(record.get(this.extraColumns[i]));
            if (value != null) {
                if (this.extraPlaceholders[i]) {
                    warnPlaceholder(this.extraNames[i], value);
                }
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(this.extraNames[i], value);
            }
        }
        return (extra != null) ? extra : Map.of();
    }

}
