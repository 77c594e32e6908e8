package dev.slipway.deploy;

import java.time.Instant;

/** A freeze window as the portal and the API show it. */
public record FreezeView(long id, String environment, Instant from, Instant to, Integer weekday, String startTime,
        String endTime, String zone, String reason, String createdBy, Instant createdAt) {

    public String describe() {
        if (weekday != null) {
            return "every " + java.time.DayOfWeek.of(weekday).getDisplayName(java.time.format.TextStyle.FULL,
                    java.util.Locale.ENGLISH) + " " + startTime + "–" + endTime + " " + zone;
        }
        return from + " – " + to;
    }
}
