package dev.slipway.delivery.web;

import java.util.Locale;

/** How the Delivery page writes figures: times in the largest unit that keeps them readable, rates in per cent. */
final class FigureText {

    private FigureText() {
    }

    static String duration(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        if (seconds < 60) {
            return trim(seconds) + " s";
        }
        if (seconds < 3600) {
            return trim(seconds / 60) + " min";
        }
        if (seconds < 86_400 * 2) {
            return trim(seconds / 3600) + " h";
        }
        return trim(seconds / 86_400) + " days";
    }

    static String percent(Double rate) {
        return rate == null ? "—" : trim(rate * 100) + " %";
    }

    static String perDay(double perDay) {
        return perDay >= 1 ? trim(perDay) + " a day" : trim(perDay * 7) + " a week";
    }

    /** One decimal at most, none when it is zero: 12, 12.5. */
    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
