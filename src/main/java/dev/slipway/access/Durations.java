package dev.slipway.access;

import java.time.Duration;

/** Durations as people write them: "1 h", "8 h 30 min", "14 days". */
public final class Durations {

    private Durations() {
    }

    public static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes >= 24 * 60 && minutes % (24 * 60) == 0) {
            long days = minutes / (24 * 60);
            return days + (days == 1 ? " day" : " days");
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return rest + " min";
        }
        return hours + " h" + (rest == 0 ? "" : " " + rest + " min");
    }
}
