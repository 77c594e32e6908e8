package dev.slipway.cost.web;

import dev.slipway.cost.BudgetRequest;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A new budget as typed: thresholds are comma-separated percents. */
class BudgetForm {

    private String scopeType = "team";
    private @Nullable String scope;
    private String currency = "USD";
    private @Nullable String monthlyAmount;
    private String actualThresholds = "80";
    private String forecastThresholds = "100";

    BudgetRequest toRequest() {
        var errors = new ArrayList<FieldError>();
        BigDecimal amount = null;
        if (monthlyAmount == null || monthlyAmount.isBlank()) {
            errors.add(new FieldError("monthlyAmount", "must be above 0"));
        } else {
            try {
                amount = new BigDecimal(monthlyAmount.strip().replace(",", ""));
            } catch (NumberFormatException e) {
                errors.add(new FieldError("monthlyAmount", "'" + monthlyAmount.strip() + "' is not an amount, e.g. 25000"));
            }
        }
        List<Integer> actual = percents(actualThresholds, "actualThresholds", errors);
        List<Integer> forecast = percents(forecastThresholds, "forecastThresholds", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new BudgetRequest(scopeType, scope, currency, amount, actual, forecast);
    }

    private static List<Integer> percents(String text, String field, List<FieldError> errors) {
        var values = new ArrayList<Integer>();
        if (text == null) {
            return values;
        }
        for (String part : text.split(",")) {
            String value = part.strip().replace("%", "").strip();
            if (value.isEmpty()) {
                continue;
            }
            try {
                values.add(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "'" + part.strip() + "' is not a whole percent, e.g. 80"));
            }
        }
        return values;
    }

    public String getScopeType() { return scopeType; }
    public void setScopeType(String value) { this.scopeType = value; }
    public @Nullable String getScope() { return scope; }
    public void setScope(String value) { this.scope = value; }
    public String getCurrency() { return currency; }
    public void setCurrency(String value) { this.currency = value; }
    public @Nullable String getMonthlyAmount() { return monthlyAmount; }
    public void setMonthlyAmount(String value) { this.monthlyAmount = value; }
    public String getActualThresholds() { return actualThresholds; }
    public void setActualThresholds(String value) { this.actualThresholds = value; }
    public String getForecastThresholds() { return forecastThresholds; }
    public void setForecastThresholds(String value) { this.forecastThresholds = value; }
}
