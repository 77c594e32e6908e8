package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleTests {

    static final IdentityProperties.SignInThrottle DEFAULTS = new IdentityProperties.SignInThrottle(5, 20,
            Duration.ofMinutes(15));

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenForTheRightOne() {
        new TestUsers(context, port).person("guessed", Role.DEVELOPER);
        var portal = new PortalClient(port);
        for (int i = 0; i < 5; i++) {
            assertThat(portal.signIn("guessed", "wrong-" + i).header("Location")).contains("/login?error");
        }

        var refused = portal.signIn("guessed", TestUsers.PASSWORD);

        assertThat(refused.header("Location")).contains("/login?error");
        assertThat(portal.get("/login?error").body()).contains("Too many failed sign-ins. Try again in 15 minutes");
        jdbc.sql("delete from login_failure where username = 'guessed'").update();
    }

    @Test
    void lockLastsFifteenMinutesFromTheFailureThatReachedTheLimit() {
        var clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var throttle = new LoginThrottle(jdbc, clock, DEFAULTS);
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("slow-guesser", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(2));
        }
        Instant fifth = clock.instant().minus(Duration.ofMinutes(2));

        assertThat(throttle.lockedUntil("slow-guesser", "10.9.9.9")).contains(fifth.plus(Duration.ofMinutes(15)));
        clock.advance(Duration.ofMinutes(12));
        assertThat(throttle.lockedUntil("slow-guesser", "10.9.9.9")).as("a minute before the end").isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.lockedUntil("slow-guesser", "10.9.9.9")).isEmpty();
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotLock() {
        var clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var throttle = new LoginThrottle(jdbc, clock, DEFAULTS);
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("forgetful", "10.1.0.1");
            clock.advance(Duration.ofMinutes(4));
        }

        assertThat(throttle.lockedUntil("forgetful", "10.1.0.2")).isEmpty();
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddressForEveryUsername() {
        var clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var throttle = new LoginThrottle(jdbc, clock, DEFAULTS);
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("sprayed-" + i, "10.2.0.1");
        }

        assertThat(throttle.lockedUntil("someone-new", "10.2.0.1")).isPresent();
        assertThat(throttle.lockedUntil("someone-new", "10.2.0.2")).isEmpty();
    }

    @Test
    void theConfiguredLimitsAndWindowAreTheOnesThatCount() {
        assertThat(context.getBean(IdentityProperties.class).signInThrottle()).as("the defaults").isEqualTo(DEFAULTS);
        var clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var throttle = new LoginThrottle(jdbc, clock, new IdentityProperties.SignInThrottle(3, 50, Duration.ofMinutes(5)));
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("strictly-watched", "10.3.0." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        Instant third = clock.instant().minus(Duration.ofMinutes(1));

        assertThat(throttle.lockedUntil("strictly-watched", "10.3.9.9")).contains(third.plus(Duration.ofMinutes(5)));
        assertThat(new LoginThrottle(jdbc, clock, DEFAULTS).lockedUntil("strictly-watched", "10.3.9.9"))
                .as("three failures are not enough under the default limit of five").isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.lockedUntil("strictly-watched", "10.3.9.9")).as("five minutes after the third").isEmpty();
        assertThatThrownBy(() -> new IdentityProperties.SignInThrottle(0, 20, Duration.ofMinutes(15)))
                .hasMessageContaining("at least 1");
    }

    @Test
    void failuresOlderThanTwoWindowsAreForgottenAndNewerOnesStillCount() {
        var clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(45)));
        var throttle = new LoginThrottle(jdbc, clock, DEFAULTS);
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("sprayed-long-ago-" + i, "10.4.0.1");
        }
        clock.advance(Duration.ofMinutes(31));
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("guessed-lately", "10.4.0.2");
        }

        throttle.forgetStaleFailures();

        assertThat(jdbc.sql("select count(*) from login_failure where address = '10.4.0.1'").query(Long.class).single())
                .as("the spray half an hour ago, beyond two 15-minute windows").isZero();
        assertThat(jdbc.sql("select count(*) from login_failure where address = '10.4.0.2'").query(Long.class).single())
                .isEqualTo(5);
        assertThat(throttle.lockedUntil("guessed-lately", "10.4.9.9")).as("the recent lock still holds").isPresent();
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
