package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreezesTests {

    private final FreezeView fridayEvenings = new FreezeView(1, "prod", null, null, 5, "16:00", "23:59",
            "Europe/Berlin", "No Friday evening deploys", "ada", Instant.EPOCH);

    @Test
    void aWeeklyFreezeIsOnDuringItsHoursInItsOwnTimeZone() {
        // Friday 2026-11-20, 15:30 UTC is 16:30 in Berlin.
        assertThat(Freezes.isOn(fridayEvenings, Instant.parse("2026-11-20T15:30:00Z"))).isTrue();
        assertThat(Freezes.isOn(fridayEvenings, Instant.parse("2026-11-20T14:30:00Z"))).isFalse();
        assertThat(Freezes.isOn(fridayEvenings, Instant.parse("2026-11-19T15:30:00Z"))).isFalse();
    }

    @Test
    void aOneOffFreezeIncludesItsStartAndExcludesItsEnd() {
        var freeze = new FreezeView(2, "prod", Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-27T00:00:00Z"),
                null, null, null, null, "Holidays", "ada", Instant.EPOCH);

        assertThat(Freezes.isOn(freeze, Instant.parse("2026-12-24T00:00:00Z"))).isTrue();
        assertThat(Freezes.isOn(freeze, Instant.parse("2026-12-27T00:00:00Z"))).isFalse();
    }
}
