package dev.slipway.cost.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** An amount in one currency as the portal shows it: two decimals for reading, the exact value on hover. */
record Amount(BigDecimal value, String currency) {

    static Amount zero(String currency) {
        return new Amount(BigDecimal.ZERO, currency);
    }

    Amount plus(BigDecimal other) {
        return new Amount(value.add(other), currency);
    }

    /** e.g. "1,234.50 USD". */
    public String text() {
        return format(value) + " " + currency;
    }

    /** e.g. "1234.50000080000 USD": what the rollups hold, unrounded. */
    public String exact() {
        return plain(value) + " " + currency;
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    /** The exact value without the rollups' trailing zeros, but with at least two decimals: 10.00, 0.0000008. */
    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
    }

    static String format(BigDecimal value) {
        var format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }
}
