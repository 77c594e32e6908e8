package dev.slipway.deploy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A freeze window as the portal and the API show it. */
public record FreezeView(long id, String environment, @Nullable Instant from, @Nullable Instant to, Integer weekday, @Nullable String startTime,
        @Nullable String endTime, String zone, String reason, String createdBy, Instant createdAt) {

    public String describe() {
        if (weekday != null) {
            return "every " + DayOfWeek.of(weekday).getDisplayName(TextStyle.FULL,
                    Locale.ENGLISH) + " " + startTime + "–" + endTime + " " + zone;
        }
        return from + " – " + to;
    }
}
