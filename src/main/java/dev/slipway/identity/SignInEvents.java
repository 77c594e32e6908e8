package dev.slipway.identity;

import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.stereotype.Component;

/** Publishes refused sign-ins, so that the audit trail can record them. */
@Component
@RequiredArgsConstructor
class SignInEvents {

    private final ApplicationEventPublisher publisher;

    void failed(String username, String address, Exception cause) {
        publisher.publishEvent(new SignInRefused("login.failed", username, address,
                cause instanceof DisabledException ? "account disabled"
                        : "wrong username or password"));
    }

    void throttled(String username, String address) {
        publisher.publishEvent(new SignInRefused("login.throttled", username, address, "too many failed sign-ins"));
    }

    void succeeded(SignedInUser user) {
        publisher.publishEvent(new SignInSucceeded(user.userId(), user.username()));
    }

    void sessionEnded(String username, String address) {
        publisher.publishEvent(new SignInRefused("session.ended", username, address,
                "the account was disabled or its password changed"));
    }

    void tokenRefused(String address, String reason) {
        publisher.publishEvent(new SignInRefused("token.invalid", null, address, reason));
    }
}
