package dev.slipway.cost;

import java.math.BigDecimal;

/** What a file, a report or a group adds up to in one currency. */
public record CurrencyTotal(String currency, BigDecimal billedCost, BigDecimal effectiveCost, BigDecimal listCost) {
}
