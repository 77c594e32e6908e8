package dev.slipway.identity;

import dev.slipway.shared.FieldError;
import java.util.Optional;

/** The rules a password must meet; long beats complicated. */
final class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private Passwords() {
    }

    static Optional<FieldError> check(String field, String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of(new FieldError(field, "must be at least " + MIN_LENGTH + " characters"));
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(new FieldError(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        if (password.equalsIgnoreCase(username)) {
            return Optional.of(new FieldError(field, "must not be the username"));
        }
        return Optional.empty();
    }
}
