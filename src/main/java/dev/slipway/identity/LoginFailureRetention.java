package dev.slipway.identity;

import dev.slipway.shared.ScheduledJobs;
import java.time.Duration;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Five minutes after start and then once every throttle window, on one replica, forgets the failed sign-ins the {@link LoginThrottle} no longer counts,
 * so a password spray from many addresses does not leave the table growing for good.
 */
@Component
@RequiredArgsConstructor
class LoginFailureRetention implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LoginFailureRetention.class);

    private final LoginThrottle throttle;
    private final IdentityProperties properties;
    private final ScheduledJobs jobs;

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration window = properties.signInThrottle().window();
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("identity-login-failures", this::purge, window,
                Duration.ofMinutes(5)));
    }

    void purge() {
        int forgotten = throttle.forgetStaleFailures();
        if (forgotten > 0) {
            log.info("Forgot {} failed sign-ins older than the throttle counts", forgotten);
        }
    }
}
