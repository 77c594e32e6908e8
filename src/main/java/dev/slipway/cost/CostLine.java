package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One line item, in FOCUS terms. Amounts keep the file's precision exactly (BigDecimal
 * from the text, never double). Empty values are null.
 *
 * @param tags normalised tag keys to values as text
 * @param extra columns the reader does not map: original header to raw non-empty value
 */
record CostLine(long line, String billingAccountId, String billingAccountName, Instant billingPeriodStart,
        Instant billingPeriodEnd, Instant chargePeriodStart, Instant chargePeriodEnd, String chargeCategory,
        String chargeClass, String chargeDescription, BigDecimal billedCost, BigDecimal effectiveCost,
        BigDecimal listCost, BigDecimal contractedCost, String currency, String provider, String publisher,
        String invoiceIssuer, String serviceName, String serviceCategory, BigDecimal pricingQuantity,
        String pricingUnit, String resourceId, String resourceName, String region, Map<String, String> tags,
        Map<String, String> extra) {
}
