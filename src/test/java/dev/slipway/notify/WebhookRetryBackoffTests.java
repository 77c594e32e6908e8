package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRetryBackoffTests {

    @Test
    void thePauseDoublesAfterEachFailedAttemptUpToTheCap() {
        var properties = new NotifyProperties(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofHours(1), 12, List.of());

        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.backoffAfter(9)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(properties.backoffAfter(10)).isEqualTo(Duration.ofHours(1));
        assertThat(properties.backoffAfter(1000)).isEqualTo(Duration.ofHours(1));
    }
}
