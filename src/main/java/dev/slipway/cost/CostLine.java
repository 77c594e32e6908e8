package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line item, in FOCUS terms. Amounts keep the file's precision exactly (BigDecimal
 * from the text, never double). Empty values are null.
 *
 * @param tags normalised tag keys to values as text
 * @param extra columns the reader does not map: original header to raw non-empty value
 */
record CostLine(long line, String billingAccountId, String billingAccountName, Instant billingPeriodStart,
        Instant billingPeriodEnd, Instant chargePeriodStart, Instant chargePeriodEnd, String chargeCategory,
        @Nullable String chargeClass, @Nullable String chargeDescription, BigDecimal billedCost, BigDecimal effectiveCost,
        BigDecimal listCost, BigDecimal contractedCost, String currency, @Nullable String provider, @Nullable String publisher,
        @Nullable String invoiceIssuer, @Nullable String serviceName, @Nullable String serviceCategory, BigDecimal pricingQuantity,
        @Nullable String pricingUnit, @Nullable String resourceId, @Nullable String resourceName, @Nullable String region, Map<String, String> tags,
        Map<String, String> extra) {
}
