package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyBackOffTests {

    private final MovableClock clock = new MovableClock();
    private final ApplyBackOff backOff = new ApplyBackOff(new DeployProperties.Apply(Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofSeconds(10), false), clock);

    private static final ClusterFault UNAVAILABLE = new ClusterFault(ClusterFault.Kind.TRANSIENT,
            "The cluster answered HTTP 503 (Service Unavailable)", null);

    @Test
    void theWaitDoublesAtEachAttemptUpToItsMaximum() {
        assertThat(waits(6)).containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    }

    @Test
    void aLongerRetryAfterIsHonouredAndCappedLikeTheBackOff() {
        assertThat(backOff.next(1, UNAVAILABLE.asked(Duration.ofSeconds(3))).orElseThrow().delay())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(backOff.next(1, UNAVAILABLE.asked(Duration.ofMillis(500))).orElseThrow().delay())
                .as("shorter than the back-off").isEqualTo(Duration.ofSeconds(2));
        assertThat(backOff.next(1, UNAVAILABLE.asked(Duration.ofMinutes(5))).orElseThrow().delay())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theLastAttemptComesAtTheDeadlineAndNoneAfterIt() {
        backOff.next(1, UNAVAILABLE);
        clock.advance(Duration.ofMillis(59_500));

        var last = backOff.next(1, UNAVAILABLE).orElseThrow();
        clock.advance(last.delay());

        assertThat(last.delay()).as("2 s of back-off, cut to the deadline").isEqualTo(Duration.ofMillis(500));
        assertThat(backOff.next(1, UNAVAILABLE)).isEmpty();
        assertThat(backOff.failure(1, UNAVAILABLE)).isEqualTo("The cluster answered HTTP 503 (Service Unavailable); "
                + "gave up after 3 attempts within the 60 s apply deadline");
    }

    @Test
    void eachAttemptIsNotedWithItsNumberAndWait() {
        assertThat(backOff.next(1, UNAVAILABLE).orElseThrow().note()).isEqualTo("The cluster answered HTTP 503 "
                + "(Service Unavailable); trying again in 1 s (attempt 2)");
        assertThat(backOff.next(1, UNAVAILABLE).orElseThrow().note()).endsWith("trying again in 2 s (attempt 3)");
    }

    @Test
    void anAttemptThatWentThroughStartsTheCountAfresh() {
        waits(3);

        backOff.forget(1);

        assertThat(backOff.next(1, UNAVAILABLE).orElseThrow().number()).isEqualTo(2);
    }

    private List<Long> waits(int attempts) {
        var waits = new ArrayList<Long>();
        for (int i = 0; i < attempts; i++) {
            waits.add(backOff.next(1, UNAVAILABLE).orElseThrow().delay().toSeconds());
        }
        return waits;
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
