package dev.slipway.delivery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * DORA's performance levels, as the 2024 Accelerate State of DevOps Report (DORA, Google Cloud) gives them for its
 * four stability and throughput metrics:
 *
 * <pre>
 *                     elite                 high                       medium                      low
 * deployment freq.    on demand (several    once a day to once a week  once a week to once a month once a month to once
 *                     a day)                                                                       every six months
 * change lead time    less than one day     one day to one week        one week to one month       one to six months
 * change fail rate    5 %                   20 %                       10 %                        40 %
 * recovery time       less than one hour    less than one day          less than one day           one week to one month
 * </pre>
 *
 * The change fail rates are the clusters' typical values, not limits, and are not ordered (medium's 10 % is below
 * high's 20 %); a figure gets the first band, from elite down, whose value it does not exceed, so rates above 5 % up
 * to 20 % are high and medium is never given for this figure alone. Recovery: medium and high share "less than one
 * day", which is called high. The 2024 report introduced deployment rework rate and the 2025 report kept it, but
 * neither gives levels for it, so it has no band.
 */
public enum DoraBand {
    ELITE, HIGH, MEDIUM, LOW;

    private static final double DAY = 86_400;
    private static final double WEEK = 7 * DAY;
    private static final double MONTH = 30 * DAY;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Elite: more than one deployment a day; high: at least one a week; medium: at least one a month. */
    static DoraBand ofDeploymentsPerDay(double perDay) {
        if (perDay > 1) {
            return ELITE;
        }
        if (perDay * 7 >= 1) {
            return HIGH;
        }
        return perDay * 30 >= 1 ? MEDIUM : LOW;
    }

    /** By the median lead time; null when there is none. */
    static DoraBand ofLeadTime(Double seconds) {
        if (seconds == null) {
            return null;
        }
        if (seconds < DAY) {
            return ELITE;
        }
        if (seconds < WEEK) {
            return HIGH;
        }
        return seconds < MONTH ? MEDIUM : LOW;
    }

    static DoraBand ofChangeFailRate(Double rate) {
        if (rate == null) {
            return null;
        }
        if (rate <= 0.05) {
            return ELITE;
        }
        return rate <= 0.20 ? HIGH : LOW;
    }

    /** By the median recovery time; null when nothing failed and recovered. */
    static DoraBand ofRecovery(Double seconds) {
        if (seconds == null) {
            return null;
        }
        if (seconds < 3600) {
            return ELITE;
        }
        return seconds < DAY ? HIGH : LOW;
    }
}
