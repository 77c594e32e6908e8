package dev.slipway.identity;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** Sign-in refused for a while because of too many failed attempts. */
public class LoginThrottledException extends AuthenticationException {

    private final Instant until;

    LoginThrottledException(Instant until) {
        super("Too many failed sign-ins");
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
